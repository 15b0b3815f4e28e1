"""Triage in consultation: the partners agree who responds first (DESIGN §4 step 3).

A new case gets a proposal (lead and involved partners, with reasons). The team's core partners,
the proposed lead and the involved partners each respond for their organisation: akkoord,
bezwaar (with a reason) or tegenvoorstel (another lead, with a reason). One response per
organisation counts; a change replaces it and stays in the timeline.
- once every organisation asked has answered, the outcome is known at once: all akkoord → the
  lead is set and told and the case moves to handling; an objection or counter-proposal still
  standing → the list 'te bespreken in het wijkteamoverleg', where the chair records the
  decision (the chair is told);
- at the deadline (the team's working days; weekends and Dutch public holidays do not count),
  silence counts as consent for those who did not answer, and the same decision follows;
- urgent (acute categories, or a case marked urgent): the police lead at once; the other
  partners are informed and may add a remark within the team's urgent term.
Confidential cases (arrears) are never put to the team: their source organisation leads.
"""

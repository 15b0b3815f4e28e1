"""Closing a case and hearing back from the resident (DESIGN §4 step 5): the outcome with a
message for the reporters (email and tracking page), closing, reopening, and the reporters'
answer to "Bent u tevreden over de afhandeling?"."""

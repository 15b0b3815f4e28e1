"""Cases (casussen): the team's handling of one situation, grouping its signals, and the triage
in consultation that decides who responds first."""

from wijkteam.cases.models.case import (  # noqa: F401
    MANUAL_WORK_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    WORK_STATUSES,
    Case,
    CaseCounter,
    CaseEvent,
    CaseEventKind,
    CaseSignal,
    CaseStatus,
    LeadBasis,
    Outcome,
)
from wijkteam.cases.models.closure import ClosureTemplate, Feedback, FollowUp  # noqa: F401
from wijkteam.cases.models.figures import CaseFigures, CaseFiguresStale  # noqa: F401
from wijkteam.cases.models.handling import (  # noqa: F401
    CaseAction,
    CaseDocument,
    CaseNote,
    NoteVisibility,
    _document_path,
)
from wijkteam.cases.models.triage import (  # noqa: F401
    RESPONSES_FOR_MODE,
    Proposal,
    ProposalMode,
    ProposalResponse,
    ProposalStatus,
    ResponseKind,
    TenantCondition,
    TriageRule,
)

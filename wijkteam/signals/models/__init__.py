""""""

from wijkteam.signals.models.arrears import (  # noqa: F401
    ARREARS_STEP_FIELDS,
    RESULT_KEYS,
    ArrearsDetails,
    ArrearsImport,
    ArrearsImportRow,
    DebtHelpReferral,
    ImportResult,
    ImportStatus,
)
from wijkteam.signals.models.category import (  # noqa: F401
    MAX_RETENTION_MONTHS,
    Category,
    Sensitivity,
    same_problem_q,
)
from wijkteam.signals.models.counts import (  # noqa: F401
    SPOT_Q,
    SignalCountsStale,
    SignalMonthCount,
    SignalSpotMonthCount,
)
from wijkteam.signals.models.signal import (  # noqa: F401
    RESIDENT_CHANNELS,
    STAFF_CHANNELS,
    Attachment,
    Channel,
    EventKind,
    LocationStatus,
    PendingUpload,
    PublicStatus,
    ReferenceCounter,
    Reporter,
    Signal,
    SignalEvent,
    StoredPhoto,
    _attachment_path,
    format_address,
)

"""The demo's CBS-like figures that DESIGN gives no number for: the households per wijk, and
the share of each wijk's inhabitants, households and homes that lives in each buurt. The
households follow the wijk's homes (about one household a home, fewer in the centre's flats
above shops); the shares are rough, drawn from the buurten's sizes on the map."""

HOUSEHOLDS = {
    "WK034500": 3150,
    "WK034501": 6540,
    "WK034502": 6230,
    "WK034503": 3170,
    "WK034504": 4010,
    "WK034505": 5940,
}

BUURT_SHARES = {
    "BU03450099": 0.62,
    "BU03450001": 0.38,
    "BU03450100": 0.27,
    "BU03450101": 0.24,
    "BU03450102": 0.26,
    "BU03450103": 0.23,
    "BU03450200": 0.30,
    "BU03450210": 0.22,
    "BU03450215": 0.20,
    "BU03450223": 0.28,
    "BU03450300": 0.38,
    "BU03450301": 0.34,
    "BU03450302": 0.28,
    "BU03450400": 0.36,
    "BU03450401": 0.31,
    "BU03450402": 0.33,
    "BU03450500": 0.35,
    "BU03450501": 0.33,
    "BU03450502": 0.32,
}


def buurt_figure(wijk_figure: int, buurt_code: str) -> int:
    return round(wijk_figure * BUURT_SHARES[buurt_code])

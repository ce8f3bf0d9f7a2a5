# Reference numbers for Tests/DetectionTests/StatisticsTrendTests.swift.
# Run: python3 Tests/DetectionTests/StatisticsReference.py   (pymannkendall 1.4.3, scipy, numpy)
# The series are built by a small LCG so that the Swift tests can carry them as literals.
import numpy as np
import pymannkendall as mk
from scipy import stats
from scipy.stats import norm, rankdata

state = 12345
def uniform():
    global state
    state = (state * 1103515245 + 12345) % 2**31
    return state / 2**31

def noise():  # sum of 4 uniforms, centred: roughly normal, sd ~0.58
    return sum(uniform() for _ in range(4)) - 2

def r(v): return [round(x, 2) for x in v]

series = {}
series['trend'] = r([10 + 0.08 * i + noise() for i in range(40)])
series['flat'] = r([5 + noise() for i in range(40)])
series['ties'] = [float(int(3 + 0.1 * i + 2 * uniform())) for i in range(30)]
gappy = list(series['trend'])
for i in (3, 4, 11, 20, 21, 22, 35):
    gappy[i] = float('nan')
series['gaps'] = gappy
ar = []
e = 0.0
for i in range(60):
    e = 0.7 * e + noise()
    ar.append(20 + 0.02 * i + e)
series['autocorrelated'] = r(ar)
weekly = [1.0, 1.1, 1.05, 1.0, 0.95, 0.6, 0.5]
seasonal = r([100 * weekly[i % 7] - 0.3 * i + 3 * noise() for i in range(56)])
seasonal[9] = float('nan'); seasonal[30] = float('nan')
series['seasonal'] = seasonal

def swift_array(v):
    return '[' + ', '.join('.nan' if np.isnan(x) else repr(x) for x in v) + ']'

def hamed_rao_positions(x_old, alpha=0.05):
    """pymannkendall's hamed_rao_modification_test, detrending at real positions (differs only with NaNs)."""
    x_old = np.asarray(x_old, float)
    t = np.arange(len(x_old))[~np.isnan(x_old)]
    x = x_old[~np.isnan(x_old)]
    n = len(x)
    slope, _ = mk.sens_slope(x_old)
    I = rankdata(x - t * slope)
    y = I - I.mean()
    acov = np.correlate(y, y, 'full')[n - 1:] / n
    acf = acov / acov[0]
    bound = norm.ppf(1 - alpha / 2) / np.sqrt(n)
    sni = sum((n - i) * (n - i - 1) * (n - i - 2) * acf[i] for i in range(1, n) if abs(acf[i]) > bound)
    return 1 + 2 / (n * (n - 1) * (n - 2)) * sni

def seasonal_ci(x, period, conf=0.95):
    x = np.asarray(x, float)
    slopes, var = [], 0.0
    for p in range(period):
        col = x[p::period]
        idx = np.arange(len(col))[~np.isnan(col)]
        v = col[~np.isnan(col)]
        for a in range(len(v) - 1):
            for b in range(a + 1, len(v)):
                slopes.append((v[b] - v[a]) / (idx[b] - idx[a]))
        n = len(v)
        _, counts = np.unique(v, return_counts=True)
        var += (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in counts)) / 18
    slopes = np.sort(slopes)
    c = norm.ppf(1 - (1 - conf) / 2) * np.sqrt(var)
    N = len(slopes)
    lo = max(int(np.round((N - c) / 2)) - 1, 0)
    hi = min(int(np.round((N + c) / 2)), N - 1)
    return slopes[lo], slopes[hi]

for name, v in series.items():
    print(f'// {name}')
    print(f'static let {name}: [Double] = {swift_array(v)}')
    o = mk.original_test(v)
    print(f'//   mk.original_test: s={o.s!r} var_s={o.var_s!r} z={o.z!r} p={o.p!r} tau={o.Tau!r} slope={o.slope!r} intercept={o.intercept!r}')
    h = mk.hamed_rao_modification_test(v)
    print(f'//   mk.hamed_rao_modification_test: var_s={h.var_s!r} z={h.z!r} p={h.p!r}')
    print(f'//   hamed_rao_positions factor={hamed_rao_positions(v)!r} (n/n*; equals var_s/var_s(original) without NaNs: {h.var_s / o.var_s!r})')
    h3 = mk.hamed_rao_modification_test(v, lag=3)
    print(f'//   mk.hamed_rao_modification_test(lag=3): var_s={h3.var_s!r} p={h3.p!r}')
    a = np.asarray(v, float); t = np.arange(len(a))[~np.isnan(a)]
    ts = stats.theilslopes(a[~np.isnan(a)], t, alpha=0.95)
    print(f'//   stats.theilslopes(y, t, alpha=0.95): slope={ts[0]!r} intercept={ts[1]!r} low={ts[2]!r} high={ts[3]!r}')
    ts2 = stats.theilslopes(a[~np.isnan(a)], t * 0.5, alpha=0.90)
    print(f'//   stats.theilslopes(y, t*0.5, alpha=0.90): slope={ts2[0]!r} intercept={ts2[1]!r} low={ts2[2]!r} high={ts2[3]!r}')
    s7 = mk.seasonal_test(v, period=7)
    print(f'//   mk.seasonal_test(period=7): s={s7.s!r} var_s={s7.var_s!r} z={s7.z!r} p={s7.p!r} tau={s7.Tau!r} slope={s7.slope!r} intercept={s7.intercept!r}')
    print(f'//   seasonal CI (Gilbert 17.5, own numpy): {seasonal_ci(v, 7)!r}')

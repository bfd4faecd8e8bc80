"""Strings for the activations page (``app_pages/activations.py``): every key starts with "act."."""

STRINGS: dict[str, dict[str, str]] = {
    # ----------------------------------------------------------------------------------------------------------
    # Page
    "act.title": {"en": "Activations & the neuron", "zh": "激活函数与神经元"},
    "act.intro": {
        "en": "A neuron adds up its weighted inputs and passes the sum through an **activation function**. "
        "Without that non-linear step, any stack of layers would collapse into one linear map. Everything "
        "below is computed by Keras itself: the values by `keras.activations`, the slopes by automatic "
        "differentiation (`tf.GradientTape`).",
        "zh": "神经元先把输入按权重加起来，再把这个和送进**激活函数**。没有这一步非线性，"
        "再多的层叠在一起也只相当于一次线性变换。下面的一切都由 Keras 亲自计算：函数值来自 "
        "`keras.activations`，斜率来自自动微分（`tf.GradientTape`）。",
    },
    "act.tensorflow_missing": {
        "en": "This page needs TensorFlow and Keras, which could not be loaded here ({error}).",
        "zh": "本页需要 TensorFlow 和 Keras，但这里无法加载它们（{error}）。",
    },
    # ----------------------------------------------------------------------------------------------------------
    # Names and one-line notes, one per registered activation
    "act.name.sigmoid": {"en": "sigmoid", "zh": "sigmoid"},
    "act.name.tanh": {"en": "tanh", "zh": "tanh"},
    "act.name.relu": {"en": "ReLU", "zh": "ReLU"},
    "act.name.leaky_relu": {"en": "leaky ReLU", "zh": "Leaky ReLU"},
    "act.name.elu": {"en": "ELU", "zh": "ELU"},
    "act.name.selu": {"en": "SELU", "zh": "SELU"},
    "act.name.gelu": {"en": "GELU", "zh": "GELU"},
    "act.name.silu": {"en": "SiLU / swish", "zh": "SiLU / swish"},
    "act.name.softplus": {"en": "softplus", "zh": "softplus"},
    "act.name.softsign": {"en": "softsign", "zh": "softsign"},
    "act.name.hard_sigmoid": {"en": "hard sigmoid", "zh": "hard sigmoid（硬 sigmoid）"},
    "act.name.linear": {"en": "linear", "zh": "linear（线性）"},
    "act.note.sigmoid": {
        "en": "Smooth and squashes everything into (0, 1), but it is not zero-centred and saturates on both sides, "
        "where its slope (at most 0.25) all but vanishes.",
        "zh": "平滑，把任何输入压到 (0, 1) 之间；但输出不以零为中心，两端都会饱和，"
        "那里的斜率（最大也只有 0.25）几乎为零。",
    },
    "act.note.tanh": {
        "en": "A zero-centred, rescaled sigmoid with slope 1 at the origin; it still saturates for large |x|.",
        "zh": "以零为中心、拉伸过的 sigmoid，在原点处斜率为 1；但 |x| 较大时仍然会饱和。",
    },
    "act.note.relu": {
        "en": "Cheap and never saturates for x > 0, but it is exactly flat for x < 0: a unit whose inputs stay "
        'negative gets no gradient at all and "dies".',
        "zh": "计算便宜，x > 0 时永不饱和；但 x < 0 时完全平坦：输入一直为负的神经元收不到任何梯度，就“死”了。",
    },
    "act.note.leaky_relu": {
        "en": "ReLU with a small slope (0.2 in Keras) for x < 0, so no unit can die; still a kink at 0.",
        "zh": "在 x < 0 时保留一个小斜率（Keras 默认 0.2）的 ReLU，因此神经元不会“死”；在 0 处仍有一个折点。",
    },
    "act.note.elu": {
        "en": "Identity for x > 0 and a smooth exponential curve down to -1 for x < 0: outputs closer to zero mean, "
        "but it saturates slowly on the left.",
        "zh": "x > 0 时就是恒等映射，x < 0 时平滑地以指数方式趋近 -1：输出均值更接近零，但左侧会缓慢饱和。",
    },
    "act.note.selu": {
        "en": "A scaled ELU whose constants keep activations at mean 0 and variance 1 through many layers "
        "(with LeCun-normal initialisation).",
        "zh": "按比例放大的 ELU，其常数经过精心选择，配合 LeCun 正态初始化可以让多层之后的激活值仍保持均值 0、方差 1。",
    },
    "act.note.gelu": {
        "en": "x weighted by the probability that a standard normal is below x: smooth, slightly negative for "
        "x < 0 and not monotonic; the default in Transformers.",
        "zh": "用“标准正态变量小于 x 的概率”去加权 x：平滑，x < 0 时略为负，不单调；是 Transformer 的常用默认选择。",
    },
    "act.note.silu": {
        "en": "x times its own sigmoid: smooth, non-monotonic with a small dip below zero, unbounded above.",
        "zh": "x 乘以它自己的 sigmoid：平滑、不单调，在零以下有一个小凹陷，向上无界。",
    },
    "act.note.softplus": {
        "en": "A smooth ReLU whose slope is exactly the sigmoid; always positive, so not zero-centred.",
        "zh": "平滑版的 ReLU，它的斜率恰好就是 sigmoid；输出恒为正，所以不以零为中心。",
    },
    "act.note.softsign": {
        "en": "Like tanh, zero-centred in (-1, 1), but it approaches its limits polynomially, so it saturates "
        "more gently.",
        "zh": "和 tanh 一样以零为中心、取值在 (-1, 1)，但以多项式速度逼近上下限，饱和得更温和。",
    },
    "act.note.hard_sigmoid": {
        "en": "A piecewise-linear sigmoid, relu6(x + 3) / 6 in Keras 3: cheap, but exactly flat (dead) outside "
        "[-3, 3].",
        "zh": "分段线性的 sigmoid，在 Keras 3 中是 relu6(x + 3) / 6：计算便宜，但在 [-3, 3] 之外完全平坦（梯度为零）。",
    },
    "act.note.linear": {
        "en": "No activation at all: f(x) = x. Stacked linear layers stay one linear map, so it is only used on "
        "outputs (e.g. regression).",
        "zh": "相当于没有激活：f(x) = x。叠加的线性层仍然只是一次线性变换，所以它只用在输出层（比如回归）。",
    },
    # ----------------------------------------------------------------------------------------------------------
    # Shared axis titles
    "act.axis.x": {"en": "x", "zh": "输入 x"},
    "act.axis.fx": {"en": "f(x)", "zh": "f(x)"},
    "act.axis.dfx": {"en": "f′(x)", "zh": "f′(x)"},
    # ----------------------------------------------------------------------------------------------------------
    # 1. Curves and slopes
    "act.curves.header": {"en": "1. Activation functions and their slopes", "zh": "1. 激活函数及其斜率"},
    "act.curves.idea": {
        "en": "During training, the gradient that reaches a weight is multiplied by the slope f′ of every "
        "activation on its way back. So the shape of f′ (where it is large, small or exactly zero) decides how "
        "well a network learns.",
        "zh": "训练时，传回某个权重的梯度要在回传路上乘以每个激活函数的斜率 f′。"
        "所以 f′ 的形状——哪里大、哪里小、哪里恰好为零——决定了网络学得好不好。",
    },
    "act.curves.select": {"en": "Functions to compare", "zh": "要比较的函数"},
    "act.curves.select.help": {
        "en": "Sigmoid, tanh and ReLU are the course's three classics; add others to compare.",
        "zh": "sigmoid、tanh 和 ReLU 是本课程的三个经典函数；可以再加几个来比较。",
    },
    "act.curves.range": {"en": "x range", "zh": "x 的范围"},
    "act.curves.range.help": {
        "en": "The plotted interval; the table's observed range, monotonicity and max slope are measured on it.",
        "zh": "绘图区间；表格中的“实测取值”“单调”“最大斜率”都是在这个区间上测得的。",
    },
    "act.curves.range_invalid": {
        "en": "The x range is empty: move the two ends of the slider apart.",
        "zh": "x 的范围为空：请把滑块的两端拉开。",
    },
    "act.curves.view": {"en": "Show", "zh": "显示"},
    "act.curves.view.function": {"en": "function f(x)", "zh": "函数 f(x)"},
    "act.curves.view.derivative": {"en": "derivative f′(x)", "zh": "导数 f′(x)"},
    "act.curves.view.both": {"en": "both, side by side", "zh": "两者并排"},
    "act.curves.panel.function": {"en": "Function f(x)", "zh": "函数 f(x)"},
    "act.curves.panel.derivative": {"en": "Derivative f′(x), by autodiff", "zh": "导数 f′(x)（自动微分）"},
    "act.curves.empty": {"en": "Pick at least one function above", "zh": "请在上方至少选择一个函数"},
    "act.curves.pick_one": {
        "en": "Pick at least one activation function to plot and compare.",
        "zh": "请至少选择一个激活函数来绘图和比较。",
    },
    "act.curves.autodiff_caption": {
        "en": "Each derivative is one `tf.GradientTape` pass over all {samples} x values at once, not a formula "
        "typed in by hand. At a kink TensorFlow simply picks one side's slope: ReLU′(0) = 0, leaky ReLU′(0) = 0.2.",
        "zh": "每条导数曲线都是对全部 {samples} 个 x 值一次性做一遍 `tf.GradientTape` 得到的，"
        "而不是手写的公式。遇到折点时 TensorFlow 只取一侧的斜率：ReLU′(0) = 0，Leaky ReLU′(0) = 0.2。",
    },
    "act.table.header": {"en": "Side by side", "zh": "并排比较"},
    "act.table.caption": {
        "en": "Measured from the arrays, not typed in: observed values, monotonicity and the largest |f′| on the "
        "plotted range [{x_min}, {x_max}]; f′(0) from autodiff; the mean output when x follows a standard normal "
        "distribution (zero-centred if it is within ±{tolerance} of 0).",
        "zh": "这些数字都由数组算出，而非手填：实测取值、是否单调和最大 |f′| 都在当前绘图区间 "
        "[{x_min}, {x_max}] 上测得；f′(0) 来自自动微分；“输出均值”是 x 服从标准正态分布时 f(x) 的平均值"
        "（落在 0 的 ±{tolerance} 以内即视为以零为中心）。",
    },
    "act.table.col.name": {"en": "function", "zh": "函数"},
    "act.table.col.range": {"en": "output range", "zh": "值域"},
    "act.table.col.observed": {"en": "observed on the plot", "zh": "图中实测取值"},
    "act.table.col.mean": {"en": "mean output, x ~ N(0, 1)", "zh": "输出均值，x ~ N(0, 1)"},
    "act.table.col.zero_centred": {"en": "zero-centred", "zh": "以零为中心"},
    "act.table.col.monotonic": {"en": "monotonic", "zh": "单调"},
    "act.table.col.max_slope": {"en": "max |f′|", "zh": "最大 |f′|"},
    "act.table.col.slope_at_zero": {"en": "f′(0)", "zh": "f′(0)"},
    "act.table.yes": {"en": "yes", "zh": "是"},
    "act.table.no": {"en": "no", "zh": "否"},
    "act.curves.code": {
        "en": """import numpy as np
import keras
import tensorflow as tf

x = tf.constant(np.linspace(-6.0, 6.0, 401))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = keras.activations.relu(x)  # or sigmoid, tanh, gelu, silu, ...
# Element-wise f: the gradient of sum(f(x)) is the vector of slopes f'(x_i).
slopes = tape.gradient(y, x)
print(y.numpy()[:3], slopes.numpy()[:3])
""",
        "zh": """import numpy as np
import keras
import tensorflow as tf

x = tf.constant(np.linspace(-6.0, 6.0, 401))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = keras.activations.relu(x)  # 也可以换成 sigmoid、tanh、gelu、silu……
# f 逐元素作用：sum(f(x)) 对 x 的梯度就是每个点的斜率 f'(x_i)。
slopes = tape.gradient(y, x)
print(y.numpy()[:3], slopes.numpy()[:3])
""",
    },
    # ----------------------------------------------------------------------------------------------------------
    # 2. Focus: where gradients vanish
    "act.focus.header": {"en": "2. Where the gradient vanishes", "zh": "2. 梯度在哪里消失"},
    "act.focus.idea": {
        "en": "Where f′ is tiny the function is **saturating**: the signal still passes, but almost no gradient "
        "comes back, and through many layers it shrinks towards zero (vanishing gradients). Where f′ is exactly "
        "zero the unit is **dead** there: no gradient at all.",
        "zh": "f′ 很小的地方，函数处于**饱和**状态：信号还能往前传，但几乎没有梯度传回来，"
        "经过很多层之后梯度会缩小到接近零（梯度消失）。f′ 恰好为零的地方，神经元在那里是**死的**：一点梯度都没有。",
    },
    "act.focus.select": {"en": "Focus on", "zh": "聚焦于"},
    "act.focus.x": {"en": "Look at x =", "zh": "查看 x ="},
    "act.focus.x.help": {
        "en": "Where to read f(x) and f′(x); the point and its tangent appear on the chart.",
        "zh": "在哪一点读取 f(x) 和 f′(x)；该点及其切线会画在图上。",
    },
    "act.focus.threshold": {
        "en": "Saturation threshold (% of the steepest slope)",
        "zh": "饱和阈值（最大斜率的百分比）",
    },
    "act.focus.threshold.help": {
        "en": "A slope below this share of the function's steepest slope (measured on [-10, 10]) counts as saturating.",
        "zh": "斜率低于函数最大斜率（在 [-10, 10] 上测得）的这个比例，就算作饱和。",
    },
    "act.focus.formula": {"en": "What Keras computes", "zh": "Keras 实际计算的公式"},
    "act.focus.metric.fx": {"en": "f({x})", "zh": "f({x})"},
    "act.focus.metric.dfx": {"en": "f′({x})", "zh": "f′({x})"},
    "act.focus.metric.dfx.help": {
        "en": "From autodiff: the factor by which a gradient passing through this activation is multiplied.",
        "zh": "来自自动微分：梯度经过这个激活函数时要乘上的因子。",
    },
    "act.focus.metric.share": {"en": "|f′| / max |f′|", "zh": "|f′| / 最大 |f′|"},
    "act.focus.metric.share.help": {
        "en": "|f′(x)| as a share of the steepest slope: below the threshold the point is in a saturating band.",
        "zh": "|f′(x)| 占最大斜率的比例：低于阈值时，这个点就落在饱和区里。",
    },
    "act.focus.metric.range": {"en": "output range", "zh": "值域"},
    "act.focus.outside": {
        "en": "x = {x} is outside the plotted range: the values above are computed, but the point is not drawn.",
        "zh": "x = {x} 不在绘图区间内：上面的数值照常计算，但图上不画这个点。",
    },
    "act.focus.panel.function": {"en": "{name}", "zh": "{name}"},
    "act.focus.panel.derivative": {"en": "its slope f′(x), by autodiff", "zh": "它的斜率 f′(x)（自动微分）"},
    "act.focus.point": {"en": "chosen x", "zh": "所选的 x"},
    "act.focus.tangent": {"en": "tangent (slope f′(x))", "zh": "切线（斜率 f′(x)）"},
    "act.focus.legend.dead": {"en": "dead: f′ = 0", "zh": "死区：f′ = 0"},
    "act.focus.legend.saturating": {"en": "saturating: f′ ≈ 0", "zh": "饱和区：f′ ≈ 0"},
    "act.focus.legend_caption": {
        "en": "Red bands: the autodiff slope is exactly 0, so nothing is learned from inputs that land there (a ReLU "
        'whose inputs are always negative "dies"). Amber bands: the slope is non-zero but below {percent}% of the '
        "steepest one (dashed line), so gradients fade; stack ten sigmoid layers and they shrink by at least "
        "0.25¹⁰ ≈ 10⁻⁶. The bands are found from the arrays, not drawn by hand.",
        "zh": "红色区域：自动微分得到的斜率恰好为 0，落在这里的输入学不到任何东西"
        "（输入总是为负的 ReLU 神经元就这样“死”掉了）。琥珀色区域：斜率不为零，但低于最大斜率的 {percent}%"
        "（虚线），梯度会逐渐衰减；叠十层 sigmoid，梯度至少缩小为原来的 0.25¹⁰ ≈ 10⁻⁶。"
        "这些区域都是由数组算出来的，不是手工画的。",
    },
    "act.focus.regions.none": {
        "en": "On [{x_min}, {x_max}] {name} has no dead or saturating region at this threshold.",
        "zh": "在 [{x_min}, {x_max}] 上，按当前阈值 {name} 既没有死区也没有饱和区。",
    },
    "act.focus.regions.dead": {"en": "**Dead** (f′ = 0): {intervals}", "zh": "**死区**（f′ = 0）：{intervals}"},
    "act.focus.regions.saturating": {
        "en": "**Saturating** (0 < |f′| < {percent}% of the max): {intervals}",
        "zh": "**饱和区**（0 < |f′| < 最大斜率的 {percent}%）：{intervals}",
    },
    "act.focus.code": {
        "en": """import numpy as np
import keras
import tensorflow as tf

x = np.linspace(-6.0, 6.0, 401)
x_tensor = tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(x_tensor)
    y = keras.activations.sigmoid(x_tensor)
slopes = np.abs(tape.gradient(y, x_tensor).numpy())

dead = slopes == 0.0                                     # no gradient at all
saturating = (slopes > 0) & (slopes < 0.05 * slopes.max())  # gradient fades
print("saturating for x in", x[saturating].min(), "...", x[saturating].max())
""",
        "zh": """import numpy as np
import keras
import tensorflow as tf

x = np.linspace(-6.0, 6.0, 401)
x_tensor = tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(x_tensor)
    y = keras.activations.sigmoid(x_tensor)
slopes = np.abs(tape.gradient(y, x_tensor).numpy())

dead = slopes == 0.0                                     # 完全没有梯度
saturating = (slopes > 0) & (slopes < 0.05 * slopes.max())  # 梯度逐渐消失
print("饱和区 x 的范围：", x[saturating].min(), "...", x[saturating].max())
""",
    },
    # ----------------------------------------------------------------------------------------------------------
    # 3. Softmax
    "act.softmax.header": {"en": "3. Softmax: scores into probabilities", "zh": "3. Softmax：把分数变成概率"},
    "act.softmax.idea": {
        "en": "A classifier's last layer gives one score (logit) per class; softmax exponentiates them and divides "
        "by the total, so they become positive and sum to 1. Dividing the logits by a temperature T first makes "
        "the distribution sharper (T < 1) or flatter (T > 1).",
        "zh": "分类器的最后一层为每个类别给出一个分数（logit）；softmax 先取指数，再除以总和，"
        "于是它们都变成正数且加起来等于 1。先把 logit 除以温度 T，分布就会变得更尖锐（T < 1）或更平缓（T > 1）。",
    },
    "act.softmax.logits": {
        "en": "Logits, separated by commas (2 to 10 numbers)",
        "zh": "Logits，用逗号分隔（2 到 10 个数）",
    },
    "act.softmax.logits.help": {
        "en": "Plain numbers such as 2, -1.5 or 1e3. The text is only parsed as numbers, never run as code.",
        "zh": "普通数字，例如 2、-1.5 或 1e3。输入只会被解析成数字，绝不会被当作代码执行。",
    },
    "act.softmax.examples": {"en": "Try an example:", "zh": "试试这些例子："},
    "act.softmax.example.classic": {"en": "a clear winner", "zh": "有明显赢家"},
    "act.softmax.example.close": {"en": "a close call", "zh": "势均力敌"},
    "act.softmax.example.huge": {"en": "huge (10⁶)", "zh": "超大值（10⁶）"},
    "act.softmax.example.ten": {"en": "ten classes", "zh": "十个类别"},
    "act.softmax.temperature": {"en": "Temperature T", "zh": "温度 T"},
    "act.softmax.temperature.help": {
        "en": "softmax(logits / T). The steps are roughly logarithmic, from 0.1 to 10.",
        "zh": "softmax(logits / T)。刻度大致按对数分布，从 0.1 到 10。",
    },
    "act.softmax.shift": {"en": "Add a constant c to every logit", "zh": "给每个 logit 加上常数 c"},
    "act.softmax.shift.help": {
        "en": "softmax(z + c) = softmax(z): the factor e^c cancels between numerator and denominator.",
        "zh": "softmax(z + c) = softmax(z)：因子 e^c 在分子和分母中相互抵消。",
    },
    "act.softmax.error.empty": {
        "en": "The vector is empty: type at least two numbers separated by commas, e.g. 2, 1, 0.1.",
        "zh": "向量为空：请输入至少两个用逗号分隔的数字，例如 2, 1, 0.1。",
    },
    "act.softmax.error.empty_entry": {
        "en": "Entry {position} is empty: remove the extra comma.",
        "zh": "第 {position} 项是空的：请删掉多余的逗号。",
    },
    "act.softmax.error.not_number": {
        "en": "Entry {position} (“{entry}”) is not a number. Use plain numbers such as 2, -0.5 or 1e3.",
        "zh": "第 {position} 项（“{entry}”）不是数字。请使用 2、-0.5 或 1e3 这样的普通数字。",
    },
    "act.softmax.error.not_finite": {
        "en": "Entry {position} (“{entry}”) is not a finite number (inf or nan, or too large for a float).",
        "zh": "第 {position} 项（“{entry}”）不是有限的数（是 inf 或 nan，或者大到超出浮点数范围）。",
    },
    "act.softmax.error.too_few": {
        "en": "Softmax needs at least {minimum} numbers to compare; you gave {count}.",
        "zh": "softmax 至少需要 {minimum} 个数来比较；你只输入了 {count} 个。",
    },
    "act.softmax.error.too_many": {
        "en": "At most {maximum} numbers, please; you gave {count}.",
        "zh": "最多只能输入 {maximum} 个数；你输入了 {count} 个。",
    },
    "act.softmax.error.overflow": {
        "en": "These logits divided by T = {temperature} are too large to represent: use smaller numbers or a "
        "higher temperature.",
        "zh": "这些 logit 除以 T = {temperature} 之后太大，无法表示：请换用更小的数或更高的温度。",
    },
    "act.softmax.error.hint": {
        "en": "Until the input is fixed, the charts below show the default example.",
        "zh": "修正输入之前，下面的图表暂时显示默认示例。",
    },
    "act.softmax.bar_label": {"en": "z{index} = {value}", "zh": "z{index} = {value}"},
    "act.softmax.bars.reference": {"en": "plain softmax (T = 1)", "zh": "普通 softmax（T = 1）"},
    "act.softmax.bars.current": {"en": "softmax(z / T), T = {temperature}", "zh": "softmax(z / T)，T = {temperature}"},
    "act.softmax.axis.probability": {"en": "probability", "zh": "概率"},
    "act.softmax.axis.logit": {"en": "logit", "zh": "logit"},
    "act.softmax.axis.temperature": {"en": "temperature T (log scale)", "zh": "温度 T（对数刻度）"},
    "act.softmax.sweep.uniform": {"en": "uniform 1/n = {value}", "zh": "均匀分布 1/n = {value}"},
    "act.softmax.sweep.title": {
        "en": "Each probability as T goes from 0.1 to 10 (dashed line: your T)",
        "zh": "温度从 0.1 变到 10 时各个概率的变化（虚线为当前 T）",
    },
    "act.softmax.bars.title": {"en": "Probabilities at your temperature", "zh": "当前温度下的概率"},
    "act.softmax.metric.top": {"en": "Most likely: z{index}", "zh": "最可能：z{index}"},
    "act.softmax.metric.top.help": {
        "en": "The largest probability; at a low temperature it tends to 100% (one-hot argmax).",
        "zh": "最大的那个概率；温度越低，它越接近 100%（即 one-hot 的 argmax）。",
    },
    "act.softmax.metric.entropy": {"en": "Entropy (bits)", "zh": "熵（比特）"},
    "act.softmax.metric.entropy.help": {
        "en": "0 for a one-hot distribution, log₂ n for a uniform one: {maximum} bits here.",
        "zh": "one-hot 分布的熵为 0，均匀分布为 log₂ n：这里最大是 {maximum} 比特。",
    },
    "act.softmax.metric.shift": {"en": "max |softmax(z + c) − softmax(z)|", "zh": "max |softmax(z + c) − softmax(z)|"},
    "act.softmax.metric.shift.help": {
        "en": "Adding the same constant to every logit leaves the probabilities unchanged, up to rounding.",
        "zh": "给每个 logit 加上同一个常数，概率保持不变（只差舍入误差）。",
    },
    "act.softmax.note_temperature": {
        "en": "**Low temperature → one-hot argmax:** as T → 0 the largest logit takes all the probability. "
        "**High temperature → uniform:** as T grows every class tends to 1/n. T = 1 is the plain softmax that "
        '`Dense(n, activation="softmax")` uses.',
        "zh": "**低温 → one-hot 的 argmax：** T → 0 时，最大的 logit 拿走全部概率。"
        '**高温 → 均匀分布：** T 越大，每个类别越接近 1/n。T = 1 就是 `Dense(n, activation="softmax")` '
        "使用的普通 softmax。",
    },
    "act.softmax.note_shift": {
        "en": "Shifting every logit by c = {shift} changes the probabilities by at most {difference}: "
        "softmax only cares about differences between logits. Keras uses this to stay finite: it subtracts the "
        "largest logit before exponentiating, so even logits around 10⁶ work.",
        "zh": "把每个 logit 都加上 c = {shift}，概率的变化最多只有 {difference}：softmax 只关心 logit 之间的差。"
        "Keras 正是利用这一点保持数值有限：取指数前先减去最大的 logit，所以即使 logit 在 10⁶ 左右也没问题。",
    },
    "act.softmax.huge_note": {
        "en": "Your logits are large (up to {largest}). Computed naively, e^{largest} overflows to infinity; Keras "
        "subtracts the maximum first, so the probabilities above are exact.",
        "zh": "你的 logit 很大（最大 {largest}）。如果直接计算，e^{largest} 会溢出成无穷大；"
        "Keras 会先减去最大值，所以上面的概率依然准确。",
    },
    "act.softmax.code": {
        "en": """import numpy as np
import keras

logits = np.array([2.0, 1.0, 0.1, -1.0])
for temperature in (0.1, 1.0, 10.0):
    probabilities = keras.activations.softmax(logits / temperature)
    print(temperature, np.round(np.asarray(probabilities), 3))

# Adding a constant changes nothing; Keras subtracts the max, so this stays finite:
print(keras.activations.softmax(np.array([1e6, 1e6 + 1.0])))
""",
        "zh": """import numpy as np
import keras

logits = np.array([2.0, 1.0, 0.1, -1.0])
for temperature in (0.1, 1.0, 10.0):
    probabilities = keras.activations.softmax(logits / temperature)
    print(temperature, np.round(np.asarray(probabilities), 3))

# 加上一个常数不改变结果；Keras 会先减去最大值，所以这里也不会溢出：
print(keras.activations.softmax(np.array([1e6, 1e6 + 1.0])))
""",
    },
    # ----------------------------------------------------------------------------------------------------------
    # 4. A single neuron
    "act.neuron.header": {"en": "4. A single neuron", "zh": "4. 单个神经元"},
    "act.neuron.idea": {
        "en": "A neuron multiplies each input by a weight, adds a bias to get z = w·x + b, and outputs a = f(z). "
        "Wire one by hand below: the diagram, the curve and the arithmetic all follow your sliders.",
        "zh": "神经元把每个输入乘以一个权重，再加上偏置得到 z = w·x + b，然后输出 a = f(z)。"
        "在下面亲手搭一个：示意图、曲线和算式都会随滑块实时变化。",
    },
    "act.neuron.count": {"en": "Number of inputs", "zh": "输入个数"},
    "act.neuron.activation": {"en": "Activation f", "zh": "激活函数 f"},
    "act.neuron.inputs": {"en": "Inputs", "zh": "输入"},
    "act.neuron.weights": {"en": "Weights", "zh": "权重"},
    "act.neuron.input": {"en": "x{index}", "zh": "x{index}"},
    "act.neuron.weight": {"en": "w{index}", "zh": "w{index}"},
    "act.neuron.bias": {"en": "bias b", "zh": "偏置 b"},
    "act.neuron.diagram.sum": {"en": "z = {z}", "zh": "z = {z}"},
    "act.neuron.diagram.activation": {"en": "{name}<br>a = {a}", "zh": "{name}<br>a = {a}"},
    "act.neuron.diagram.output": {"en": "output {a}", "zh": "输出 {a}"},
    "act.neuron.diagram.bias": {"en": "bias", "zh": "偏置"},
    "act.neuron.diagram.caption": {
        "en": "Edge width shows |w|, colour its sign: blue positive, red negative, grey zero.",
        "zh": "连线的粗细表示 |w|，颜色表示正负：蓝色为正，红色为负，灰色为零。",
    },
    "act.neuron.tangent": {"en": "slope f′(z) = {slope}", "zh": "斜率 f′(z) = {slope}"},
    "act.neuron.point": {"en": "(z, a) = ({z}, {a})", "zh": "(z, a) = ({z}, {a})"},
    "act.neuron.axis.z": {"en": "weighted sum z", "zh": "加权和 z"},
    "act.neuron.axis.a": {"en": "a = f(z)", "zh": "a = f(z)"},
    "act.neuron.axis.x1": {"en": "x₁", "zh": "x₁"},
    "act.neuron.axis.x2": {"en": "x₂", "zh": "x₂"},
    "act.neuron.arithmetic": {"en": "The arithmetic", "zh": "计算过程"},
    "act.neuron.metric.z": {"en": "weighted sum z", "zh": "加权和 z"},
    "act.neuron.metric.a": {"en": "output a = f(z)", "zh": "输出 a = f(z)"},
    "act.neuron.metric.slope": {"en": "slope f′(z)", "zh": "斜率 f′(z)"},
    "act.neuron.metric.slope.help": {
        "en": "Backpropagation multiplies the gradient by this number on its way to w and b.",
        "zh": "反向传播时，梯度在传向 w 和 b 的路上要乘以这个数。",
    },
    "act.neuron.dead": {
        "en": "At z = {z} the slope of {name} is exactly 0: this neuron would get no gradient for this input, so "
        "training could not change its weights from here.",
        "zh": "在 z = {z} 处，{name} 的斜率恰好为 0：对于这个输入，神经元收不到任何梯度，训练也就无法从这里调整它的权重。",
    },
    "act.neuron.saturated": {
        "en": "At z = {z} {name} is saturated: its slope is only {slope}, so learning from this input would be "
        "very slow.",
        "zh": "在 z = {z} 处，{name} 已经饱和：斜率只有 {slope}，从这个输入学习会非常慢。",
    },
    "act.neuron.decision.header": {
        "en": "What this neuron computes over the plane",
        "zh": "这个神经元在整个平面上的输出",
    },
    "act.neuron.decision.caption": {
        "en": "Colour: a = f(w₁x₁ + w₂x₂ + b) for every (x₁, x₂). Dashed line: z = 0, where the neuron switches "
        "sides; the weights set its direction and the bias shifts it. ×: your current inputs.",
        "zh": "颜色：每个 (x₁, x₂) 处的 a = f(w₁x₁ + w₂x₂ + b)。虚线：z = 0，神经元在这条线的两侧“切换”；"
        "权重决定它的方向，偏置让它平移。×：当前的输入。",
    },
    "act.neuron.decision.caption3": {
        "en": "With three inputs, x₃ is held at {x3}, so its term w₃x₃ = {term} simply adds to the bias.",
        "zh": "有三个输入时，x₃ 固定为 {x3}，因此 w₃x₃ = {term} 相当于直接加到偏置上。",
    },
    "act.neuron.decision.no_line": {
        "en": "With w₁ = w₂ = 0 the output does not depend on x₁ or x₂: no line, one flat colour.",
        "zh": "当 w₁ = w₂ = 0 时，输出与 x₁、x₂ 无关：没有分界线，整个平面是同一种颜色。",
    },
    "act.neuron.decision.colorbar": {"en": "a = f(z)", "zh": "a = f(z)"},
    "act.neuron.decision.line": {"en": "z = 0", "zh": "z = 0"},
    "act.neuron.decision.point": {"en": "your inputs", "zh": "当前输入"},
    "act.neuron.code": {
        "en": """import numpy as np
import keras

inputs = np.array([[1.0, 2.0]])     # one sample, two features
weights = np.array([[0.5], [-0.3]])  # w1, w2
bias = np.array([0.1])

# By hand: z = w·x + b, then a = f(z)
z = inputs @ weights + bias
print("z =", z, "a =", keras.activations.sigmoid(z))

# The same neuron as a Keras layer: Dense(1) holds exactly these weights
neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build(inputs.shape)
neuron.set_weights([weights, bias])
print(neuron(inputs))
""",
        "zh": """import numpy as np
import keras

inputs = np.array([[1.0, 2.0]])     # 一个样本，两个特征
weights = np.array([[0.5], [-0.3]])  # w1, w2
bias = np.array([0.1])

# 手算：z = w·x + b，再求 a = f(z)
z = inputs @ weights + bias
print("z =", z, "a =", keras.activations.sigmoid(z))

# 同一个神经元写成 Keras 层：Dense(1) 里装的正是这些权重
neuron = keras.layers.Dense(1, activation="sigmoid")
neuron.build(inputs.shape)
neuron.set_weights([weights, bias])
print(neuron(inputs))
""",
    },
}

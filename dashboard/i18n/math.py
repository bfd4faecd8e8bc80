"""Strings for the math foundations page (app_pages/math.py and dashboard/figures/math.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # --- Page -------------------------------------------------------------------------------------
    "math.title": {"en": "Math foundations", "zh": "数学基础"},
    "math.intro": {
        "en": "A neural network is built from a handful of ideas: vectors and matrices carry the data, derivatives "
        "say how to change the weights, and probability describes the noise. Every number below is computed live — "
        "derivatives by TensorFlow's automatic differentiation and optimizer steps by real Keras optimizers — so move "
        "the controls and watch the math react.",
        "zh": "神经网络只由少数几个概念搭起来：向量和矩阵承载数据，导数告诉我们该怎样调整权重，概率则描述其中的随机性。"
        "下面的每个数字都是实时算出来的——导数来自 TensorFlow 的自动微分，优化步骤来自真正的 Keras 优化器——"
        "拖动控件，看数学如何随之变化。",
    },
    "math.tab.vectors": {"en": "Vectors", "zh": "向量"},
    "math.tab.matrices": {"en": "Matrices", "zh": "矩阵"},
    "math.tab.derivatives": {"en": "Derivatives", "zh": "导数"},
    "math.tab.chain": {"en": "Chain rule", "zh": "链式法则"},
    "math.tab.gradients": {"en": "Gradients", "zh": "梯度"},
    "math.tab.descent": {"en": "Gradient descent", "zh": "梯度下降"},
    "math.tab.probability": {"en": "Probability", "zh": "概率"},
    # --- Vectors ----------------------------------------------------------------------------------
    "math.vectors.idea": {
        "en": "A vector is an arrow: adding two vectors puts one arrow at the tip of the other, and the sum is the "
        "diagonal of the parallelogram they span. The dot product $a \\cdot b = |a|\\,|b|\\cos\\theta$ measures how much "
        "two arrows point the same way — it is the length of $a$'s shadow on $b$ times $|b|$, and every neuron computes "
        "one between its inputs and its weights.",
        "zh": "向量就是一支箭头：两个向量相加，就是把一支箭头接到另一支的箭尾上，和向量正是它们张成的平行四边形的对角线。"
        "点积 $a \\cdot b = |a|\\,|b|\\cos\\theta$ 衡量两支箭头的方向有多一致——它等于 $a$ 在 $b$ 上的投影长度乘以 $|b|$，"
        "而每个神经元做的，正是输入与权重之间的一次点积。",
    },
    "math.vectors.a_x": {"en": "a: x component", "zh": "a 的 x 分量"},
    "math.vectors.a_y": {"en": "a: y component", "zh": "a 的 y 分量"},
    "math.vectors.b_x": {"en": "b: x component", "zh": "b 的 x 分量"},
    "math.vectors.b_y": {"en": "b: y component", "zh": "b 的 y 分量"},
    "math.vectors.invalid": {
        "en": "Both vectors need two numbers each. Fill in every box to see the picture.",
        "zh": "两个向量都需要各填两个数。请把每个输入框填好，再来看图。",
    },
    "math.vectors.angle": {"en": "Angle θ", "zh": "夹角 θ"},
    "math.vectors.shadow": {"en": "Shadow of a on b", "zh": "a 在 b 上的投影长度"},
    "math.vectors.zero_vector": {
        "en": "One of the vectors is zero: it has no direction, so the angle and the projection are undefined. "
        "The dot product is simply 0.",
        "zh": "其中一个向量是零向量：它没有方向，所以夹角和投影都没有定义，点积就是 0。",
    },
    "math.vectors.sign.positive": {
        "en": "The dot product is positive: the angle is below 90°, the vectors point roughly the same way.",
        "zh": "点积为正：夹角小于 90°，两个向量大致指向同一边。",
    },
    "math.vectors.sign.zero": {
        "en": "The dot product is zero: the vectors are perpendicular and a casts no shadow on b.",
        "zh": "点积为零：两个向量互相垂直，a 在 b 上没有投影。",
    },
    "math.vectors.sign.negative": {
        "en": "The dot product is negative: the angle is above 90°, the vectors point away from each other.",
        "zh": "点积为负：夹角大于 90°，两个向量背道而驰。",
    },
    "math.vectors.figure.sum_title": {"en": "Sum: tip to tail", "zh": "加法：首尾相接"},
    "math.vectors.figure.dot_title": {"en": "Dot product: the shadow of a on b", "zh": "点积：a 在 b 上的投影"},
    "math.vectors.figure.parallelogram": {"en": "parallelogram", "zh": "平行四边形"},
    "math.vectors.figure.a_moved": {"en": "a, moved to b's tip", "zh": "平移到 b 末端的 a"},
    "math.vectors.figure.b_moved": {"en": "b, moved to a's tip", "zh": "平移到 a 末端的 b"},
    "math.vectors.figure.line_of_b": {"en": "line along b", "zh": "b 所在直线"},
    "math.vectors.figure.projection": {"en": "projection of a on b", "zh": "a 在 b 上的投影"},
    "math.vectors.figure.drop": {"en": "perpendicular drop", "zh": "垂线"},
    "math.vectors.figure.angle": {"en": "θ = {angle}°", "zh": "θ = {angle}°"},
    # --- Matrices: the product --------------------------------------------------------------------
    "math.matrices.product_title": {"en": "Multiplying matrices, entry by entry", "zh": "矩阵乘法，逐个元素来看"},
    "math.matrices.product_idea": {
        "en": "Each entry of $C = AB$ is a dot product: row $i$ of $A$ times column $j$ of $B$, multiplied term by "
        "term and added up. A Dense layer does exactly this for a whole batch at once, which is why GPUs, "
        "built for such sums of products, make deep learning fast.",
        "zh": "$C = AB$ 的每个元素都是一次点积：$A$ 的第 $i$ 行与 $B$ 的第 $j$ 列逐项相乘再相加。"
        "全连接（Dense）层对整批数据一次性做的就是这件事；GPU 正是为这种“乘积求和”而生，所以深度学习才能这么快。",
    },
    "math.matrices.column_1": {"en": "column 1", "zh": "第 1 列"},
    "math.matrices.column_2": {"en": "column 2", "zh": "第 2 列"},
    "math.matrices.entry": {"en": "Entry of C to explain", "zh": "要讲解的 C 的元素"},
    "math.matrices.entry_option": {"en": "row {row}, column {column}", "zh": "第 {row} 行第 {column} 列"},
    "math.matrices.invalid": {
        "en": "Every cell of A and B needs a number. Fill in the empty cells to see the product.",
        "zh": "A 和 B 的每个格子都需要一个数。请把空格填上，再看乘积。",
    },
    "math.matrices.product_rule": {
        "en": "Row {row} of A (blue) meets column {column} of B (orange): multiply the pairs, add them up, and you "
        "get the purple entry of C.",
        "zh": "A 的第 {row} 行（蓝色）与 B 的第 {column} 列（橙色）相遇：两两相乘再相加，就得到 C 中紫色的那个元素。",
    },
    # --- Matrices: the transformation ---------------------------------------------------------------
    "math.transform.title": {"en": "A matrix transforms the plane", "zh": "矩阵会变换整个平面"},
    "math.transform.idea": {
        "en": "Multiplying every point by a 2×2 matrix $M$ moves the whole plane: grid lines stay straight and "
        "parallel, the unit circle becomes an ellipse, and the unit square becomes a parallelogram whose area is "
        "$|\\det M|$. Eigenvectors are the special directions that stay on their own line, only stretched by "
        "their eigenvalue: $Mv = \\lambda v$.",
        "zh": "用 2×2 矩阵 $M$ 去乘平面上的每个点，整个平面就会被移动：网格线依旧笔直且平行，单位圆变成椭圆，"
        "单位正方形变成面积为 $|\\det M|$ 的平行四边形。特征向量是一些特殊的方向：它们留在自己所在的直线上，"
        "只被特征值拉伸：$Mv = \\lambda v$。",
    },
    "math.transform.preset": {"en": "Start from", "zh": "预设矩阵"},
    "math.transform.preset.identity": {"en": "Identity (nothing moves)", "zh": "单位矩阵（一切不动）"},
    "math.transform.preset.scaling": {"en": "Scaling along the axes", "zh": "沿坐标轴缩放"},
    "math.transform.preset.stretch": {"en": "Symmetric stretch", "zh": "对称拉伸"},
    "math.transform.preset.shear": {"en": "Shear", "zh": "剪切"},
    "math.transform.preset.rotation": {"en": "Rotation by 45°", "zh": "旋转 45°"},
    "math.transform.preset.reflection": {"en": "Reflection in the x axis", "zh": "关于 x 轴的镜像"},
    "math.transform.preset.singular": {"en": "Singular (det = 0)", "zh": "奇异矩阵（行列式为 0）"},
    "math.transform.entries": {"en": "Entries of M (edit freely)", "zh": "M 的元素（可随意修改）"},
    "math.transform.edited": {
        "en": "Edited by hand: the matrix no longer matches the preset.",
        "zh": "已手动修改：当前矩阵与预设不同。",
    },
    "math.transform.invalid": {
        "en": "Every entry of M needs a number between −5 and 5.",
        "zh": "M 的每个元素都需要填一个 −5 到 5 之间的数。",
    },
    "math.transform.figure.before": {"en": "Before: the plane", "zh": "变换前：原来的平面"},
    "math.transform.figure.after": {"en": "After: every point x moved to Mx", "zh": "变换后：每个点 x 都移到了 Mx"},
    "math.transform.figure.grid": {"en": "grid", "zh": "网格"},
    "math.transform.figure.square": {"en": "unit square", "zh": "单位正方形"},
    "math.transform.figure.circle": {"en": "unit circle", "zh": "单位圆"},
    "math.transform.figure.eigenvector": {"en": "eigenvector v (right: Mv = λv)", "zh": "特征向量 v（右图：Mv = λv）"},
    "math.transform.determinant": {"en": "Determinant", "zh": "行列式"},
    "math.transform.determinant_help": {
        "en": "How much M scales areas; negative when it also flips the plane over.",
        "zh": "M 对面积的缩放倍数；若同时把平面翻了个面，则为负。",
    },
    "math.transform.trace": {"en": "Trace (λ₁ + λ₂)", "zh": "迹（λ₁ + λ₂）"},
    "math.transform.rank": {"en": "Rank", "zh": "秩"},
    "math.transform.area": {
        "en": "The orange unit square has area 1; its image has area **|det M| = {area}**.",
        "zh": "橙色单位正方形的面积是 1；变换后的面积是 **|det M| = {area}**。",
    },
    "math.transform.singular": {
        "en": "The determinant is 0: the whole plane collapses onto a line. Areas become 0, different points land "
        "on the same spot, so the transformation cannot be undone (M has no inverse); the eigenvector with "
        "λ = 0 is squashed to the origin.",
        "zh": "行列式为 0：整个平面被压扁成一条直线。面积变成 0，不同的点落到同一个位置，所以这个变换无法撤销"
        "（M 没有逆矩阵）；特征值 λ = 0 对应的特征向量被压到了原点。",
    },
    "math.transform.rank_zero": {
        "en": "This is the zero matrix: every point of the plane lands on the origin.",
        "zh": "这是零矩阵：平面上的每个点都落到了原点。",
    },
    "math.transform.complex": {
        "en": "The eigenvalues are complex, λ = {real} ± {imaginary}i: no real direction stays on its own line. "
        "A rotation turns every vector, so there is no real eigenvector to draw.",
        "zh": "特征值是复数 λ = {real} ± {imaginary}i：没有任何实方向能留在自己的直线上。"
        "旋转会转动每一个向量，所以画不出实特征向量。",
    },
    "math.transform.scalar": {
        "en": "The eigenvalue λ = {value} is repeated and M = λI: every vector is an eigenvector, the whole plane is "
        "scaled by the same factor in every direction.",
        "zh": "特征值 λ = {value} 是重根，且 M = λI：每个向量都是特征向量，整个平面在各个方向上按同一倍数缩放。",
    },
    "math.transform.defective": {
        "en": "The eigenvalue λ = {value} is repeated but there is only one eigenvector direction: like a shear, M "
        "slides the plane along that line instead of stretching two independent directions.",
        "zh": "特征值 λ = {value} 是重根，但只有一个特征向量方向：就像剪切一样，M 让平面沿这条直线滑动，"
        "而不是拉伸两个独立的方向。",
    },
    "math.transform.distinct": {
        "en": "Two real eigenvalues: along each purple line, M only stretches (or flips) by its eigenvalue.",
        "zh": "两个实特征值：沿每条紫色直线，M 只按对应的特征值拉伸（或反向）。",
    },
    "math.transform.flip": {
        "en": "The determinant is negative: M flips the plane over, like a mirror (the order of e₁ and e₂ is reversed).",
        "zh": "行列式为负：M 像镜子一样把平面翻了个面（e₁ 和 e₂ 的先后顺序颠倒了）。",
    },
    # --- Derivatives ------------------------------------------------------------------------------
    "math.derivative.idea": {
        "en": "The derivative $f'(x_0)$ is the slope of the tangent line at $x_0$: how fast $f$ changes when $x$ "
        "moves a little. TensorFlow computes it exactly with automatic differentiation (`tf.GradientTape`), while "
        "the finite difference $\\frac{f(x_0+h) - f(x_0-h)}{2h}$ only estimates it — and gets worse, not better, "
        "when $h$ is too small.",
        "zh": "导数 $f'(x_0)$ 是 $x_0$ 处切线的斜率：$x$ 稍微变动时 $f$ 变化得有多快。TensorFlow 通过自动微分"
        "（`tf.GradientTape`）把它精确算出来；而有限差分 $\\frac{f(x_0+h) - f(x_0-h)}{2h}$ 只是估计——"
        "而且 $h$ 太小时反而越算越差。",
    },
    "math.derivative.function": {"en": "Function", "zh": "函数"},
    "math.derivative.point": {"en": "Point x₀", "zh": "点 x₀"},
    "math.derivative.point_help": {
        "en": "Drag the slider, or click on the curve in the plot to move the point there.",
        "zh": "拖动滑块，或直接点击图中的曲线，把点移到那里。",
    },
    "math.derivative.step": {"en": "Finite-difference step h", "zh": "有限差分步长 h"},
    "math.derivative.precision": {"en": "Arithmetic", "zh": "浮点精度"},
    "math.derivative.precision_help": {
        "en": "float32 keeps about 7 significant digits, float64 about 16: round-off hurts float32 at a much larger h.",
        "zh": "float32 大约保留 7 位有效数字，float64 大约 16 位：对 float32 来说，舍入误差在大得多的 h 处就开始作怪。",
    },
    "math.derivative.invalid": {
        "en": "This point is outside the function's domain. Pick another point.",
        "zh": "这个点不在函数的定义域内，请换一个点。",
    },
    "math.derivative.click_hint": {
        "en": "Tip: click anywhere on a curve to move x₀ there.",
        "zh": "提示：点击曲线上任意位置，即可把 x₀ 移到那里。",
    },
    "math.derivative.autodiff": {"en": "f′(x₀) by autodiff", "zh": "自动微分得到的 f′(x₀)"},
    "math.derivative.finite_difference": {"en": "Central difference (h = {h})", "zh": "中心差分（h = {h}）"},
    "math.derivative.error": {"en": "|difference − autodiff|", "zh": "|差分 − 自动微分|"},
    "math.derivative.outside_domain": {
        "en": "With h = {h}, the point x₀ − h falls outside the domain (ln needs x > 0 and x₀ = {x}): the central "
        "difference cannot be computed. Choose a smaller h or move x₀ to the right.",
        "zh": "当 h = {h} 时，x₀ − h 落到了定义域之外（ln 要求 x > 0，而 x₀ = {x}），无法计算中心差分。"
        "请选更小的 h，或把 x₀ 往右移。",
    },
    "math.derivative.kink": {
        "en": "x₀ sits on a kink: the slope is different on the left and on the right, so the derivative does not "
        "exist here. TensorFlow returns {value} by convention (a valid subgradient), and the central difference "
        "returns the average of the two one-sided slopes.",
        "zh": "x₀ 恰好在一个折点上：左右两侧的斜率不同，所以这里导数并不存在。TensorFlow 按惯例返回 {value}"
        "（这是一个合法的次梯度），而中心差分给出的是左右两个单侧斜率的平均值。",
    },
    "math.derivative.error_explained": {
        "en": "**Why the error curve is a V:** for large h the estimate is off by the curvature of f (the error "
        "shrinks like h²); for tiny h, f(x₀ + h) and f(x₀ − h) agree in almost every digit, and subtracting them "
        "leaves mostly round-off noise, which the division by 2h then blows up. Autodiff has neither problem — "
        "that is why every deep-learning framework uses it.",
        "zh": "**为什么误差曲线是 V 形：** h 较大时，估计值受 f 的弯曲程度影响而偏离（误差按 h² 缩小）；"
        "h 极小时，f(x₀ + h) 与 f(x₀ − h) 几乎每一位都相同，两者相减剩下的大多是舍入噪声，再除以 2h 就被放大了。"
        "自动微分没有这两个问题——这正是所有深度学习框架都采用它的原因。",
    },
    "math.derivative.figure.function_title": {
        "en": "f(x) with its tangent at x₀ — and below, f′(x): the slope of f at every x",
        "zh": "f(x) 及其在 x₀ 处的切线——下方是 f′(x)：f 在每一点的斜率",
    },
    "math.derivative.figure.tangent": {"en": "tangent at x₀", "zh": "x₀ 处的切线"},
    "math.derivative.figure.point": {"en": "x₀", "zh": "x₀"},
    "math.derivative.figure.error_title": {"en": "Error of the central difference", "zh": "中心差分的误差"},
    "math.derivative.figure.step_axis": {"en": "step h (log scale)", "zh": "步长 h（对数刻度）"},
    "math.derivative.figure.error_axis": {"en": "|error| (log scale)", "zh": "|误差|（对数刻度）"},
    "math.derivative.figure.chosen_step": {"en": "your h", "zh": "当前的 h"},
    "math.function.square": {"en": "x² (square)", "zh": "x²（平方）"},
    "math.function.cube": {"en": "x³ (cube)", "zh": "x³（立方）"},
    "math.function.sin": {"en": "sin x", "zh": "sin x（正弦）"},
    "math.function.cos": {"en": "cos x", "zh": "cos x（余弦）"},
    "math.function.exp": {"en": "eˣ (exponential)", "zh": "eˣ（指数函数）"},
    "math.function.log": {"en": "ln x (only x > 0)", "zh": "ln x（仅 x > 0）"},
    "math.function.sigmoid": {"en": "sigmoid σ(x)", "zh": "sigmoid σ(x)"},
    "math.function.tanh": {"en": "tanh x", "zh": "tanh x（双曲正切）"},
    "math.function.abs": {"en": "|x| (kink at 0)", "zh": "|x|（0 处有折点）"},
    "math.function.relu": {"en": "ReLU (kink at 0)", "zh": "ReLU（0 处有折点）"},
    "math.function.softplus": {"en": "softplus (a smooth ReLU)", "zh": "softplus（平滑版 ReLU）"},
    # --- Chain rule -------------------------------------------------------------------------------
    "math.chain.idea": {
        "en": "For a function of a function, $y = g(u)$ with $u = h(x)$, the derivatives multiply: "
        "$\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx}$. Backpropagation is this rule applied node by node, "
        "from the loss back to every weight; below, each factor is computed on its own and compared with "
        "autodiff of the whole composition.",
        "zh": "对于复合函数 $y = g(u)$、$u = h(x)$，导数要相乘：$\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx}$。"
        "反向传播就是从损失出发，把这条法则逐个节点地用到每一个权重上；下面把每个因子单独算出来，"
        "再与对整个复合函数做自动微分的结果比较。",
    },
    "math.chain.composition": {"en": "Composed function", "zh": "复合函数"},
    "math.chain.composition.sigmoid_affine": {"en": "σ(w·x + b): one neuron", "zh": "σ(w·x + b)：一个神经元"},
    "math.chain.composition.sin_square": {"en": "sin(x²)", "zh": "sin(x²)"},
    "math.chain.composition.exp_negative_square": {"en": "exp(−x²): a bell curve", "zh": "exp(−x²)：钟形曲线"},
    "math.chain.composition.tanh_cube": {"en": "tanh(x³)", "zh": "tanh(x³)"},
    "math.chain.weight": {"en": "Weight w", "zh": "权重 w"},
    "math.chain.bias": {"en": "Bias b", "zh": "偏置 b"},
    "math.chain.invalid": {
        "en": "These values can't be used. Move the sliders back into range.",
        "zh": "这些数值无法使用，请把滑块调回范围内。",
    },
    "math.chain.autodiff_label": {"en": "autodiff", "zh": "自动微分"},
    "math.chain.product_vs_autodiff": {"en": "dy/du × du/dx", "zh": "dy/du × du/dx"},
    "math.chain.difference": {"en": "autodiff differs by {difference}", "zh": "与自动微分相差 {difference}"},
    "math.chain.backprop": {
        "en": "In a network the chain is just longer: loss ← output ← hidden layers ← weights. Backpropagation "
        "multiplies the local derivatives along it, reusing each intermediate result once — which is why a "
        "gradient with respect to millions of weights costs about as much as one forward pass.",
        "zh": "在网络里，这条链只是更长：损失 ← 输出 ← 隐藏层 ← 权重。反向传播沿着链把各处的局部导数相乘，"
        "每个中间结果只计算一次——所以对上百万个权重求梯度，代价也只与一次前向计算相当。",
    },
    "math.chain.figure.forward": {"en": "forward values", "zh": "前向的值"},
    "math.chain.figure.backward": {"en": "backward gradients", "zh": "反向的梯度"},
    "math.chain.figure.forward_arrow": {"en": "forward: compute the values →", "zh": "前向：计算各节点的值 →"},
    "math.chain.figure.backward_arrow": {"en": "← backward: multiply the derivatives", "zh": "← 反向：把导数逐个相乘"},
    "math.chain.figure.point": {"en": "your x", "zh": "当前的 x"},
    "math.chain.figure.graph_title": {
        "en": "The computation graph: values flow forward, gradients flow back",
        "zh": "计算图：数值向前流动，梯度向后传回",
    },
    "math.chain.figure.curve_title": {"en": "The whole composition y(x) and dy/dx", "zh": "整个复合函数 y(x) 及 dy/dx"},
    # --- Gradients --------------------------------------------------------------------------------
    "math.gradient.idea": {
        "en": "A function of two inputs is a landscape, and its partial derivatives $\\partial f/\\partial x$ and "
        "$\\partial f/\\partial y$ are the slopes along each axis. Together they form the gradient $\\nabla f$, an "
        "arrow that points straight uphill — so gradient descent steps the opposite way, $-\\nabla f$.",
        "zh": "两个输入的函数就是一片地形，偏导数 $\\partial f/\\partial x$ 和 $\\partial f/\\partial y$ 分别是沿两条坐标轴的坡度。"
        "它们合起来就是梯度 $\\nabla f$：一支指向最陡上坡方向的箭头——所以梯度下降要朝反方向 $-\\nabla f$ 走。",
    },
    "math.gradient.surface": {"en": "Surface", "zh": "曲面"},
    "math.gradient.invalid": {
        "en": "This point can't be used. Move the sliders back into the plotted range.",
        "zh": "这个点无法使用，请把滑块调回绘图范围内。",
    },
    "math.gradient.flat": {
        "en": "The gradient is zero here: a flat spot. It can be a minimum, a maximum or a saddle point, and "
        "gradient descent would stop moving.",
        "zh": "这里的梯度为零：这是一个平坦点。它可能是极小值、极大值或鞍点，梯度下降到这里就不会再动了。",
    },
    "math.gradient.uphill": {
        "en": "The **red arrow** is the gradient at your point: the steepest way up, at right angles to the contour "
        "line through the point. The **blue arrow** is −∇f, the direction a gradient-descent step takes.",
        "zh": "**红色箭头**是该点的梯度：最陡的上坡方向，并与经过该点的等高线垂直。**蓝色箭头**是 −∇f，"
        "也就是梯度下降一步要走的方向。",
    },
    "math.gradient.arrows_note": {
        "en": "The gradient field is computed by one GradientTape over the whole 15 × 15 grid. Arrow lengths grow "
        "with the square root of |∇f| so that steep and flat regions both stay readable; the two arrows at your "
        "point have a fixed length — their size is in the numbers above.",
        "zh": "梯度场是用一个 GradientTape 在整个 15 × 15 网格上一次算出来的。箭头长度按 |∇f| 的平方根增长，"
        "这样陡峭和平缓的区域都看得清；你所选点上的两支箭头长度固定——梯度的大小请看上面的数字。",
    },
    "math.gradient.figure.surface_title": {"en": "The landscape f(x, y)", "zh": "地形 f(x, y)"},
    "math.gradient.figure.contour_title": {"en": "Contours and gradient field", "zh": "等高线与梯度场"},
    "math.gradient.figure.point": {"en": "your point", "zh": "所选的点"},
    "math.gradient.figure.field": {"en": "gradient field", "zh": "梯度场"},
    "math.gradient.figure.gradient": {"en": "∇f (uphill)", "zh": "∇f（上坡）"},
    "math.gradient.figure.descent": {"en": "−∇f (downhill)", "zh": "−∇f（下坡）"},
    "math.gradient.figure.log_height": {"en": "log₁₀(1 + f − min f)", "zh": "log₁₀(1 + f − min f)"},
    "math.surface.bowl": {"en": "Round bowl x² + y²", "zh": "圆碗 x² + y²"},
    "math.surface.elongated_bowl": {"en": "Elongated bowl x² + 10y²", "zh": "狭长的碗 x² + 10y²"},
    "math.surface.saddle": {"en": "Saddle x² − y²", "zh": "马鞍面 x² − y²"},
    "math.surface.sin_cos": {"en": "Egg crate sin x · cos y", "zh": "蛋托面 sin x · cos y"},
    "math.surface.himmelblau": {"en": "Himmelblau (four minima)", "zh": "Himmelblau 函数（四个极小值）"},
    "math.surface.rosenbrock": {"en": "Rosenbrock (curved valley)", "zh": "Rosenbrock 函数（弯曲的山谷）"},
    # --- Gradient descent -------------------------------------------------------------------------
    "math.descent.idea": {
        "en": "Training a network means walking downhill on the loss surface: at each step, compute the gradient "
        "and move a little against it, $p \\leftarrow p - \\eta\\,\\nabla f(p)$, where the learning rate $\\eta$ sets "
        "the step size. Below, real Keras optimizers race from the same start: plain SGD, SGD with momentum, "
        "RMSprop and Adam, each updating a `tf.Variable` with gradients from `tf.GradientTape` exactly as `model.fit` does.",
        "zh": "训练网络就是在损失曲面上往下走：每一步先算梯度，再逆着梯度走一小步，$p \\leftarrow p - \\eta\\,\\nabla f(p)$，"
        "其中学习率 $\\eta$ 决定步子的大小。下面是几个真正的 Keras 优化器从同一起点出发的比赛：普通 SGD、"
        "带动量的 SGD、RMSprop 和 Adam，它们都像 `model.fit` 那样，用 `tf.GradientTape` 求出的梯度去更新一个 `tf.Variable`。",
    },
    "math.descent.surface": {"en": "Loss surface", "zh": "损失曲面"},
    "math.descent.surface_help": {
        "en": "Choosing a surface also resets the start point and the learning rate to values that suit it.",
        "zh": "切换曲面时，起点和学习率也会重置为适合该曲面的值。",
    },
    "math.descent.optimizers": {"en": "Optimizers in the race", "zh": "参赛的优化器"},
    "math.descent.learning_rate": {"en": "Learning rate η (log scale)", "zh": "学习率 η（对数刻度）"},
    "math.descent.steps": {"en": "Steps", "zh": "步数"},
    "math.descent.start_x": {"en": "Start x", "zh": "起点 x"},
    "math.descent.start_y": {"en": "Start y", "zh": "起点 y"},
    "math.descent.none_selected": {
        "en": "Choose at least one optimizer to start the race.",
        "zh": "请至少选择一个优化器，比赛才能开始。",
    },
    "math.descent.invalid": {
        "en": "These settings can't be used. Move the sliders back into range.",
        "zh": "这些设置无法使用，请把滑块调回范围内。",
    },
    "math.descent.diverged": {
        "en": "{optimizer} diverged at step {step}: the loss shot off towards infinity — try a smaller learning rate. "
        "Its path is drawn up to the last sensible point.",
        "zh": "{optimizer} 在第 {step} 步发散了：损失冲向无穷大——请试试更小的学习率。图中只画出它发散之前的路径。",
    },
    "math.descent.paths_title": {"en": "Paths on the contour map", "zh": "等高线图上的路径"},
    "math.descent.loss_title": {"en": "Loss at every step", "zh": "每一步的损失"},
    "math.descent.table.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "math.descent.table.loss": {"en": "Final loss", "zh": "最终损失"},
    "math.descent.table.status": {"en": "Outcome", "zh": "结果"},
    "math.descent.status.finished": {"en": "ran all {steps} steps", "zh": "跑完了全部 {steps} 步"},
    "math.descent.status.diverged": {"en": "diverged at step {step}", "zh": "在第 {step} 步发散"},
    "math.descent.takeaways": {
        "en": "**Things to try:** on the elongated bowl, plain SGD zig-zags across the narrow valley while momentum "
        "rolls through it; raise the learning rate until SGD diverges. On Himmelblau the optimizers can end in "
        "different minima from the same start. On Rosenbrock the valley is easy to find but slow to follow — "
        "Adam and RMSprop take steps of roughly the learning rate whatever the gradient's size.",
        "zh": "**可以试试：** 在狭长的碗上，普通 SGD 在窄谷两侧来回折返，而带动量的 SGD 能顺势滚过去；"
        "再把学习率调大，直到 SGD 发散。在 Himmelblau 函数上，从同一个起点出发的优化器可能停在不同的极小值。"
        "在 Rosenbrock 函数上，山谷很容易找到却很难沿着走完——Adam 和 RMSprop 每一步的步长大致等于学习率，"
        "与梯度大小无关。",
    },
    "math.descent.figure.start": {"en": "start", "zh": "起点"},
    "math.descent.figure.end": {"en": "end", "zh": "终点"},
    "math.descent.figure.minimum": {"en": "global minimum", "zh": "全局最小值"},
    "math.descent.figure.step_axis": {"en": "step", "zh": "步数"},
    "math.descent.figure.loss_axis": {"en": "loss − minimum (log scale)", "zh": "损失 − 最小值（对数刻度）"},
    "math.optimizer.sgd": {"en": "SGD", "zh": "SGD"},
    "math.optimizer.momentum": {"en": "SGD + momentum 0.9", "zh": "SGD + 动量 0.9"},
    "math.optimizer.rmsprop": {"en": "RMSprop", "zh": "RMSprop"},
    "math.optimizer.adam": {"en": "Adam", "zh": "Adam"},
    # --- Probability ------------------------------------------------------------------------------
    "math.probability.idea": {
        "en": "A random variable is described by its distribution: a density for continuous values (the Gaussian "
        "bell curve) or a mass function for discrete ones (a Bernoulli coin flip), with an expectation $E[X]$ and "
        "a variance $\\operatorname{Var}[X]$. Draw samples and the histogram approaches the density while the "
        "sample mean and variance settle on the theory — the law of large numbers, which is why an average over "
        "a mini-batch is a good estimate of the true gradient.",
        "zh": "随机变量由它的分布来描述：连续取值用概率密度（高斯分布的钟形曲线），离散取值用概率质量函数"
        "（伯努利分布的抛硬币），并各有期望 $E[X]$ 和方差 $\\operatorname{Var}[X]$。抽取的样本越多，直方图就越贴近密度曲线，"
        "样本均值和样本方差也越接近理论值——这就是大数定律，也是为什么小批量上的平均梯度能很好地估计真实梯度。",
    },
    "math.probability.distribution": {"en": "Distribution", "zh": "分布"},
    "math.probability.gaussian": {"en": "Gaussian (normal)", "zh": "高斯分布（正态分布）"},
    "math.probability.bernoulli": {"en": "Bernoulli (a biased coin)", "zh": "伯努利分布（一枚不均匀的硬币）"},
    "math.probability.mean": {"en": "Mean μ", "zh": "均值 μ"},
    "math.probability.std": {"en": "Standard deviation σ", "zh": "标准差 σ"},
    "math.probability.p": {"en": "Probability of a 1, p", "zh": "取 1 的概率 p"},
    "math.probability.samples": {"en": "Number of samples n", "zh": "样本数 n"},
    "math.probability.seed": {"en": "Random seed", "zh": "随机种子"},
    "math.probability.invalid": {
        "en": "These parameters can't be used. Move the sliders back into range.",
        "zh": "这些参数无法使用，请把滑块调回范围内。",
    },
    "math.probability.expectation_theory": {"en": "E[X], theory", "zh": "E[X]，理论值"},
    "math.probability.sample_mean": {"en": "Sample mean", "zh": "样本均值"},
    "math.probability.variance_theory": {"en": "Var[X], theory", "zh": "Var[X]，理论值"},
    "math.probability.sample_variance": {"en": "Sample variance", "zh": "样本方差"},
    "math.probability.lln": {
        "en": "The running curves on the right start wild and calm down: the error of the sample mean shrinks like "
        "σ/√n, so 100 times more samples buy one more correct digit. Change the seed to draw a different sample — "
        "the curves change, the theory lines do not.",
        "zh": "右边的累计曲线一开始大起大落，随后趋于平稳：样本均值的误差按 σ/√n 缩小，样本数多 100 倍才换来多一位准确数字。"
        "换一个随机种子会抽到另一组样本——曲线会变，理论值的水平线不会变。",
    },
    "math.probability.figure.histogram": {"en": "histogram of the samples", "zh": "样本直方图"},
    "math.probability.figure.pdf": {"en": "density (scipy.stats.norm.pdf)", "zh": "概率密度（scipy.stats.norm.pdf）"},
    "math.probability.figure.density_axis": {"en": "density", "zh": "概率密度"},
    "math.probability.figure.observed": {"en": "observed share", "zh": "观测到的比例"},
    "math.probability.figure.pmf": {
        "en": "mass function (scipy.stats.bernoulli.pmf)",
        "zh": "概率质量函数（scipy.stats.bernoulli.pmf）",
    },
    "math.probability.figure.outcome_axis": {"en": "outcome", "zh": "结果"},
    "math.probability.figure.probability_axis": {"en": "probability", "zh": "概率"},
    "math.probability.figure.distribution_title": {
        "en": "The sample against the theory",
        "zh": "样本与理论分布的对比",
    },
    "math.probability.figure.convergence_title": {
        "en": "Mean and variance of the first n samples (law of large numbers)",
        "zh": "前 n 个样本的均值与方差（大数定律）",
    },
    "math.probability.figure.sample_mean": {"en": "sample mean", "zh": "样本均值"},
    "math.probability.figure.sample_variance": {"en": "sample variance", "zh": "样本方差"},
    "math.probability.figure.theory": {"en": "{name} (theory)", "zh": "{name}（理论值）"},
    "math.probability.figure.samples_axis": {"en": "number of samples n (log scale)", "zh": "样本数 n（对数刻度）"},
}

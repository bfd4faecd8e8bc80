import sympy as sp

# {math.course.code.symbols}
x, y = sp.symbols("x y")

f = x**2
print("d/dx x² =", sp.diff(f, x))  # 2*x

g = x**2 + y**2
print("∂g/∂x =", sp.diff(g, x))  # 2*x
print("∂g/∂y =", sp.diff(g, y))  # 2*y

# {math.course.code.at_a_point}
print("f'(3) =", sp.diff(f, x).subs(x, 3))  # 6

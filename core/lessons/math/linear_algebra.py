"""Vectors and 2x2 matrices: the geometry behind every Dense layer.

A Dense layer computes ``x @ W + b``: a matrix product, i.e. a linear transformation of the plane (or of a
bigger space). These helpers return plain numbers and arrays for the page to draw; the numerics are
numpy's (``numpy.linalg.eig`` for eigenvectors), never hand-rolled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Relative tolerance under which a determinant, an imaginary part or a gap between eigenvalues counts as zero.
TOLERANCE = 1e-9


def as_vector(values, name: str = "vector") -> np.ndarray:
    """A finite 2-D vector, or a ValueError that says what is wrong with it."""
    try:
        vector = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"The {name} must contain numbers only.") from None
    if vector.shape != (2,):
        raise ValueError(f"The {name} must have exactly 2 components, got shape {vector.shape}.")
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"The {name} has an empty or infinite component.")
    return vector


def as_matrix(values, name: str = "matrix", shape: tuple[int, int] | None = (2, 2)) -> np.ndarray:
    """A finite matrix (2x2 unless ``shape`` says otherwise), or a ValueError."""
    try:
        matrix = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"The {name} must contain numbers only.") from None
    if matrix.ndim != 2 or (shape is not None and matrix.shape != shape):
        raise ValueError(f"The {name} must be a {shape} matrix, got shape {matrix.shape}.")
    if not np.all(np.isfinite(matrix)):
        raise ValueError(f"The {name} has an empty or infinite entry.")
    return matrix


# --- Vectors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DotProduct:
    """a . b and its geometry. Angle and projection are None when a vector is zero (no direction)."""

    a: np.ndarray
    b: np.ndarray
    dot: float
    norm_a: float
    norm_b: float
    cosine: float | None
    angle_degrees: float | None
    scalar_projection: float | None  # signed length of a's shadow on b's direction
    projection: np.ndarray | None  # the shadow itself, a vector along b


def vector_sum(a, b) -> np.ndarray:
    return as_vector(a, "vector a") + as_vector(b, "vector b")


def dot_product(a, b) -> DotProduct:
    """a . b = a_x b_x + a_y b_y = |a| |b| cos(theta), with the projection of a on b."""
    a, b = as_vector(a, "vector a"), as_vector(b, "vector b")
    dot = float(np.dot(a, b))
    norm_a, norm_b = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if norm_a == 0.0 or norm_b == 0.0:
        return DotProduct(a, b, dot, norm_a, norm_b, None, None, None, None)
    # Round-off can push the cosine a hair outside [-1, 1], where arccos returns NaN.
    cosine = float(np.clip(dot / (norm_a * norm_b), -1.0, 1.0))
    scalar_projection = dot / norm_b
    return DotProduct(
        a,
        b,
        dot,
        norm_a,
        norm_b,
        cosine,
        math.degrees(math.acos(cosine)),
        scalar_projection,
        (dot / (norm_b * norm_b)) * b,
    )


# --- Matrix product ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductEntry:
    """One entry of C = A B: row ``row`` of A times column ``column`` of B, term by term."""

    row: int
    column: int
    terms: tuple[tuple[float, float], ...]  # (A[row, k], B[k, column]) for every k
    value: float


def matrix_product(a, b) -> np.ndarray:
    """A @ B, after checking that the inner sizes agree."""
    a = as_matrix(a, "matrix A", shape=None)
    b = as_matrix(b, "matrix B", shape=None)
    if a.shape[1] != b.shape[0]:
        raise ValueError(f"A has {a.shape[1]} columns but B has {b.shape[0]} rows: they can't be multiplied.")
    return np.matmul(a, b)


def product_entry(a, b, row: int, column: int) -> ProductEntry:
    """The sum of products that makes C[row, column]."""
    a = as_matrix(a, "matrix A", shape=None)
    b = as_matrix(b, "matrix B", shape=None)
    product = matrix_product(a, b)
    if not (0 <= row < product.shape[0] and 0 <= column < product.shape[1]):
        raise ValueError(f"Entry ({row}, {column}) is outside the {product.shape} result.")
    terms = tuple((float(a[row, k]), float(b[k, column])) for k in range(a.shape[1]))
    return ProductEntry(row, column, terms, float(product[row, column]))


# --- A 2x2 matrix as a transformation of the plane -----------------------------------------------

PRESETS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "identity": ((1.0, 0.0), (0.0, 1.0)),
    "scaling": ((2.0, 0.0), (0.0, 0.5)),
    "stretch": ((2.0, 1.0), (1.0, 2.0)),
    "shear": ((1.0, 1.0), (0.0, 1.0)),
    "rotation": (
        (round(math.cos(math.pi / 4), 4), round(-math.sin(math.pi / 4), 4)),
        (round(math.sin(math.pi / 4), 4), round(math.cos(math.pi / 4), 4)),
    ),
    "reflection": ((1.0, 0.0), (0.0, -1.0)),
    "singular": ((1.0, 2.0), (0.5, 1.0)),
}


@dataclass(frozen=True)
class EigenDirection:
    value: float
    vector: np.ndarray  # unit length


@dataclass(frozen=True)
class TransformationAnalysis:
    """What a 2x2 matrix does to the plane.

    ``kind`` is one of:
      "distinct"  - two different real eigenvalues, two eigenvector directions;
      "scalar"    - a repeated eigenvalue and M = lambda I: every vector is an eigenvector;
      "defective" - a repeated eigenvalue with a single eigenvector direction (a shear);
      "complex"   - a complex pair: no real direction is kept (a rotation turns everything).
    """

    matrix: np.ndarray
    determinant: float
    trace: float
    rank: int
    eigenvalues: np.ndarray  # complex dtype, as numpy.linalg.eig returns them
    directions: tuple[EigenDirection, ...]  # the real eigenvector directions (empty for "complex")
    kind: str

    @property
    def singular(self) -> bool:
        return self.rank < 2

    @property
    def flips_orientation(self) -> bool:
        return self.determinant < 0 and not self.singular


def analyse_transformation(values) -> TransformationAnalysis:
    """Determinant, rank and eigen-decomposition of a 2x2 matrix, with the awkward cases named."""
    matrix = as_matrix(values)
    scale = max(1.0, float(np.max(np.abs(matrix))))
    determinant = float(np.linalg.det(matrix))
    if abs(determinant) < TOLERANCE * scale * scale:
        determinant = 0.0  # det of [[1, 2], [0.5, 1]] comes out as 1e-17, not 0
    rank = int(np.linalg.matrix_rank(matrix, tol=TOLERANCE * scale))
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    # Round-off leaves 2e-16 where the answer is 0 (a singular matrix's second eigenvalue): call it 0.
    eigenvalues = np.where(np.abs(eigenvalues.real) < TOLERANCE * scale, 0.0, eigenvalues.real) + 1j * np.where(
        np.abs(eigenvalues.imag) < TOLERANCE * scale, 0.0, eigenvalues.imag
    )

    if np.max(np.abs(eigenvalues.imag)) > TOLERANCE * scale:
        return TransformationAnalysis(matrix, determinant, float(np.trace(matrix)), rank, eigenvalues, (), "complex")

    real_values = eigenvalues.real
    real_vectors = eigenvectors.real
    if abs(real_values[0] - real_values[1]) > 1e-7 * scale:
        directions = tuple(
            EigenDirection(float(real_values[i]), _unit(real_vectors[:, i])) for i in np.argsort(-real_values)
        )
        return TransformationAnalysis(
            matrix, determinant, float(np.trace(matrix)), rank, eigenvalues, directions, "distinct"
        )

    value = float(real_values.mean())
    if np.allclose(matrix, value * np.eye(2), atol=TOLERANCE * scale):
        directions = (EigenDirection(value, np.array([1.0, 0.0])), EigenDirection(value, np.array([0.0, 1.0])))
        kind = "scalar"
    else:
        # M - lambda I has rank 1: its null space is the one eigenvector direction. numpy's eig returns two
        # almost parallel vectors here, so take the direction from the null space instead.
        _, _, vh = np.linalg.svd(matrix - value * np.eye(2))
        directions = (EigenDirection(value, _unit(vh[-1])),)
        kind = "defective"
    return TransformationAnalysis(matrix, determinant, float(np.trace(matrix)), rank, eigenvalues, directions, kind)


def _unit(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float64)
    # A fixed sign convention (first non-zero component positive) keeps arrows from flipping between reruns.
    index = int(np.argmax(np.abs(vector) > 1e-12))
    if vector[index] < 0:
        vector = -vector
    return vector / np.linalg.norm(vector)


def transform_points(matrix, points) -> np.ndarray:
    """M applied to each row of ``points`` (shape (n, 2)): the rows of points @ M^T."""
    matrix = as_matrix(matrix)
    points = np.asarray(points, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"Points must have shape (n, 2), got {points.shape}.")
    return points @ matrix.T


def unit_circle(count: int = 181) -> np.ndarray:
    angles = np.linspace(0.0, 2.0 * np.pi, count)
    return np.column_stack([np.cos(angles), np.sin(angles)])


def grid_lines(extent: int = 3, samples: int = 2) -> list[np.ndarray]:
    """Horizontal and vertical lines x = k and y = k for k in [-extent, extent], each as (samples, 2) points.

    Two samples per line are enough: a linear map sends straight lines to straight lines.
    """
    if extent < 1:
        raise ValueError("The grid extent must be at least 1.")
    span = np.linspace(-extent, extent, samples)
    lines = []
    for k in range(-extent, extent + 1):
        lines.append(np.column_stack([span, np.full(samples, float(k))]))
        lines.append(np.column_stack([np.full(samples, float(k)), span]))
    return lines


def unit_square() -> np.ndarray:
    """The unit square's corners, closed: its image is a parallelogram of area |det M|."""
    return np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])


# --- Vector spaces: span, linear independence, basis --------------------------------------------

#: The course's own 3-D example: two vectors and their sum, component by component.
COURSE_VECTORS = ((1.0, 2.0, 3.0), (4.0, 5.0, 6.0))


def course_vector_sum() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The course's vectors [1, 2, 3] and [4, 5, 6] and their sum [5, 7, 9], computed by numpy."""
    a, b = (np.array(vector) for vector in COURSE_VECTORS)
    return a, b, a + b


def as_vectors(values, dimension: int, name: str = "vectors") -> np.ndarray:
    """Finite vectors of 2 or 3 components as the rows of an array, or a ValueError."""
    if dimension not in (2, 3):
        raise ValueError(f"The space has 2 or 3 dimensions, got {dimension}.")
    vectors = as_matrix(values, name, shape=None)
    if vectors.shape[1] != dimension:
        raise ValueError(f"The {name} must have {dimension} components each, got shape {vectors.shape}.")
    return vectors


@dataclass(frozen=True)
class SpanAnalysis:
    """What two vectors u, v of the plane or of 3-D space span.

    ``rank`` is the number of independent directions among them (0, 1 or 2): the span is the origin alone, a line, or
    a plane (all of the plane when the space is 2-D). ``basis`` holds a basis of the span (independent vectors taken
    from u, v). For a ``target`` w: ``coefficients`` (a, b) with a u + b v closest to w (the least-squares solution,
    the exact one when w is in the span), ``in_span`` and the distance ``residual`` from w to the span."""

    dimension: int
    vectors: np.ndarray
    rank: int
    independent: bool
    basis: np.ndarray
    target: np.ndarray | None
    coefficients: np.ndarray | None
    in_span: bool | None
    residual: float | None

    @property
    def kind(self) -> str:
        """ "point", "line", "plane" (a plane inside 3-D space) or "whole_plane" (all of 2-D)."""
        if self.rank == 0:
            return "point"
        if self.rank == 1:
            return "line"
        return "whole_plane" if self.dimension == 2 else "plane"


def span_analysis(u, v, target=None) -> SpanAnalysis:
    """The span of u and v (2 or 3 components each, the same for both), and where ``target`` stands against it."""
    shapes = [np.shape(u), np.shape(v)]
    if shapes[0] != shapes[1] or shapes[0] not in ((2,), (3,)):
        raise ValueError(f"u and v must both have 2 or both 3 components, got shapes {shapes[0]} and {shapes[1]}.")
    dimension = shapes[0][0]
    vectors = as_vectors([u, v], dimension)
    scale = max(1.0, float(np.abs(vectors).max()))
    rank = int(np.linalg.matrix_rank(vectors, tol=TOLERANCE * scale))
    basis: list[np.ndarray] = []
    for vector in vectors:  # keep each vector that adds a new direction
        candidate = np.array([*basis, vector])
        if np.linalg.matrix_rank(candidate, tol=TOLERANCE * scale) > len(basis):
            basis.append(vector)
    coefficients = in_span = residual = None
    target_vector = None
    if target is not None:
        target_vector = as_vectors([target], dimension, "target")[0]
        coefficients, *_ = np.linalg.lstsq(vectors.T, target_vector, rcond=None)
        residual = float(np.linalg.norm(vectors.T @ coefficients - target_vector))
        in_span = residual <= 1e-9 * max(1.0, float(np.abs(target_vector).max()), scale)
    return SpanAnalysis(
        dimension=dimension,
        vectors=vectors,
        rank=rank,
        independent=rank == 2,
        basis=np.array(basis).reshape(len(basis), dimension),
        target=target_vector,
        coefficients=coefficients,
        in_span=in_span,
        residual=residual,
    )

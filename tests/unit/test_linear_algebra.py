"""Vectors, the matrix product and 2x2 matrices as transformations, from core.lessons.math.linear_algebra."""

import math

import numpy as np
import pytest

from core.lessons.math import linear_algebra as la


def test_vector_sum_and_dot_product():
    np.testing.assert_allclose(la.vector_sum([1, 2], [3, -1]), [4, 1])
    result = la.dot_product([3, 4], [4, 3])
    assert result.dot == 24
    assert (result.norm_a, result.norm_b) == (5, 5)
    assert result.cosine == pytest.approx(24 / 25)


def test_perpendicular_vectors_make_a_right_angle_and_no_shadow():
    result = la.dot_product([1, 0], [0, 2])
    assert result.dot == 0
    assert result.angle_degrees == pytest.approx(90)
    np.testing.assert_allclose(result.projection, [0, 0])


def test_projection_of_a_on_b():
    result = la.dot_product([2, 2], [3, 0])
    assert result.scalar_projection == pytest.approx(2)
    np.testing.assert_allclose(result.projection, [2, 0])
    assert result.angle_degrees == pytest.approx(45)


def test_parallel_vectors_have_angle_zero_despite_roundoff():
    result = la.dot_product([0.1, 0.3], [0.2, 0.6])
    assert result.angle_degrees == pytest.approx(0, abs=1e-6)
    assert not math.isnan(result.angle_degrees)


def test_zero_vector_has_no_angle():
    result = la.dot_product([0, 0], [1, 1])
    assert result.dot == 0
    assert result.angle_degrees is None and result.projection is None


@pytest.mark.parametrize("bad", [[1], [1, 2, 3], [1, float("nan")], ["a", 1], [None, 1]])
def test_bad_vectors_raise_value_error(bad):
    with pytest.raises(ValueError):
        la.dot_product(bad, [1, 1])


def test_course_example_of_matrix_product():
    a, b = [[1, 2], [3, 4]], [[5, 6], [7, 8]]
    np.testing.assert_allclose(la.matrix_product(a, b), [[19, 22], [43, 50]])
    entry = la.product_entry(a, b, 0, 0)
    assert entry.terms == ((1, 5), (2, 7))
    assert entry.value == 19
    assert la.product_entry(a, b, 1, 1).value == 50


def test_matrix_product_shape_mismatch_and_bad_entries():
    with pytest.raises(ValueError, match="can't be multiplied"):
        la.matrix_product([[1, 2, 3]], [[1, 2]])
    with pytest.raises(ValueError, match="empty or infinite"):
        la.matrix_product([[1, np.nan], [3, 4]], [[5, 6], [7, 8]])
    with pytest.raises(ValueError, match="outside"):
        la.product_entry([[1, 2], [3, 4]], [[5, 6], [7, 8]], 2, 0)


def test_eigenvalues_of_a_diagonal_matrix():
    analysis = la.analyse_transformation([[2, 0], [0, 3]])
    assert analysis.kind == "distinct"
    assert sorted(d.value for d in analysis.directions) == pytest.approx([2, 3])
    assert analysis.determinant == pytest.approx(6)
    for direction in analysis.directions:
        np.testing.assert_allclose(analysis.matrix @ direction.vector, direction.value * direction.vector, atol=1e-12)


def test_rotation_has_complex_eigenvalues_and_no_real_directions():
    analysis = la.analyse_transformation(la.PRESETS["rotation"])
    assert analysis.kind == "complex"
    assert analysis.directions == ()
    assert np.all(np.abs(analysis.eigenvalues.imag) > 0.5)
    assert analysis.determinant == pytest.approx(1, abs=1e-3)


def test_shear_has_one_repeated_eigenvalue_and_one_direction():
    analysis = la.analyse_transformation(la.PRESETS["shear"])
    assert analysis.kind == "defective"
    assert len(analysis.directions) == 1
    np.testing.assert_allclose(analysis.directions[0].vector, [1, 0], atol=1e-12)


def test_scalar_matrix_keeps_every_direction():
    analysis = la.analyse_transformation([[2, 0], [0, 2]])
    assert analysis.kind == "scalar"
    assert [d.value for d in analysis.directions] == [2, 2]


def test_singular_matrix_has_zero_determinant_and_rank_one():
    analysis = la.analyse_transformation(la.PRESETS["singular"])
    assert analysis.determinant == 0.0
    assert analysis.rank == 1 and analysis.singular
    assert sorted(d.value for d in analysis.directions) == [0.0, 2.0]  # exactly 0, not 2e-16


def test_zero_matrix_collapses_everything_to_a_point():
    analysis = la.analyse_transformation([[0, 0], [0, 0]])
    assert analysis.rank == 0 and analysis.singular


def test_reflection_flips_orientation():
    analysis = la.analyse_transformation(la.PRESETS["reflection"])
    assert analysis.determinant == pytest.approx(-1)
    assert analysis.flips_orientation


def test_every_preset_can_be_analysed():
    for name, matrix in la.PRESETS.items():
        analysis = la.analyse_transformation(matrix)
        assert analysis.kind in {"distinct", "scalar", "defective", "complex"}, name


def test_unit_square_area_scales_by_determinant():
    matrix = np.array([[2.0, 1.0], [0.5, 3.0]])
    corners = la.transform_points(matrix, la.unit_square())
    x, y = corners[:, 0], corners[:, 1]
    shoelace = 0.5 * abs(np.dot(x[:-1], y[1:]) - np.dot(y[:-1], x[1:]))
    assert shoelace == pytest.approx(abs(np.linalg.det(matrix)))


def test_unit_circle_becomes_an_ellipse_with_singular_value_axes():
    matrix = np.array([[3.0, 0.0], [0.0, 0.5]])
    image = la.transform_points(matrix, la.unit_circle(721))
    radii = np.linalg.norm(image, axis=1)
    assert radii.max() == pytest.approx(3.0, rel=1e-4)
    assert radii.min() == pytest.approx(0.5, rel=1e-4)


def test_grid_lines_and_bad_points():
    lines = la.grid_lines(extent=2)
    assert len(lines) == 10 and all(line.shape == (2, 2) for line in lines)
    with pytest.raises(ValueError):
        la.grid_lines(extent=0)
    with pytest.raises(ValueError, match="shape"):
        la.transform_points(np.eye(2), [1, 2, 3])
    with pytest.raises(ValueError, match="2, 2"):
        la.analyse_transformation([[1, 2, 3]])


# --- Vector spaces (issue 17) -------------------------------------------------------------------


def test_the_courses_3d_vectors_add_to_5_7_9():
    a, b, total = la.course_vector_sum()
    assert (a.tolist(), b.tolist(), total.tolist()) == ([1, 2, 3], [4, 5, 6], [5, 7, 9])


def test_two_independent_vectors_are_a_basis_of_the_plane_with_unique_coordinates():
    result = la.span_analysis([2, 1], [1, 2], [3, 4])
    assert (result.rank, result.independent, result.kind) == (2, True, "whole_plane")
    assert result.basis.shape == (2, 2)
    np.testing.assert_allclose(result.coefficients, [2 / 3, 5 / 3])  # 2/3·(2, 1) + 5/3·(1, 2) = (3, 4)
    assert result.in_span and result.residual == pytest.approx(0, abs=1e-12)


def test_dependent_vectors_span_a_line_and_miss_what_is_off_it():
    result = la.span_analysis([1, 2], [-2, -4], [1, 1])
    assert (result.rank, result.independent, result.kind) == (1, False, "line")
    assert result.basis.tolist() == [[1, 2]]  # the second adds no direction
    assert not result.in_span and result.residual == pytest.approx(1 / math.sqrt(5))
    assert la.span_analysis([1, 2], [-2, -4], [3, 6]).in_span


def test_two_zero_vectors_span_only_the_origin():
    result = la.span_analysis([0, 0], [0, 0], [0, 0])
    assert (result.rank, result.kind, result.basis.shape) == (0, "point", (0, 2))
    assert result.in_span


def test_in_3d_two_independent_vectors_span_a_plane_not_the_space():
    result = la.span_analysis([1, 2, 3], [4, 5, 6], [5, 7, 9])  # the course's vectors and their sum
    assert (result.rank, result.kind) == (2, "plane")
    np.testing.assert_allclose(result.coefficients, [1, 1])
    off = la.span_analysis([1, 2, 3], [4, 5, 6], [0, 0, 1])
    assert not off.in_span and off.residual == pytest.approx(1 / math.sqrt(6))  # (1, -2, 1)/√6 is the plane's normal
    assert la.span_analysis([1, 2, 3], [2, 4, 6]).kind == "line"


@pytest.mark.parametrize(
    ("u", "v", "target"),
    [
        ([1, 2], [1, 2, 3], None),
        ([1, 2, 3, 4], [1, 2, 3, 4], None),
        ([1, float("nan")], [1, 2], None),
        ([1, 2], [3, 4], [1, 2, 3]),
    ],
)
def test_vectors_of_the_wrong_shape_or_not_finite_are_a_value_error(u, v, target):
    with pytest.raises(ValueError):
        la.span_analysis(u, v, target)

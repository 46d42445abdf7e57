"""The Learn page's engine: every experiment's numbers against a hand computation or an independent method."""

import math

import numpy as np
import pytest

from dnn_core.lessons import (
    learn_activations,
    learn_backprop,
    learn_descent,
    learn_lagrange,
    learn_losses,
    learn_regularization,
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ------------------------------------------------------------------ 1. neuron and layer

def test_neuron_output_is_sigma_of_weighted_sum():
    surface = learn_activations.neuron_surface(1.0, 2.0, -1.0, "sigmoid", point=(1.0, 1.0))
    assert surface.point_pre == pytest.approx(2.0)  # 1·1 + 2·1 − 1
    assert surface.point_z == pytest.approx(sigmoid(2.0))
    assert surface.prediction == 1
    # one grid cell by hand: x1 = grid[5], x2 = grid[30]
    x1, x2 = surface.x1[5], surface.x2[30]
    assert surface.z[30, 5] == pytest.approx(sigmoid(1 * x1 + 2 * x2 - 1))


def test_neuron_prediction_rounds_below_one_half_to_zero():
    assert learn_activations.neuron_surface(1.0, 1.0, 0.0, "sigmoid", point=(-1.0, -0.5)).prediction == 0


def test_layer_shapes_of_the_course_model_first_layer():
    shapes = learn_activations.layer_shapes(784, 128)
    assert shapes["W"] == (784, 128) and shapes["X"] == (784, 1) and shapes["b"] == (128, 1)
    assert shapes["params"] == 100_480  # 784·128 weights + 128 biases


# ------------------------------------------------------------------ 2. activations

def test_sigmoid_derivative_at_zero_is_a_quarter():
    value, derivative = learn_activations.activation_and_derivative("sigmoid", [0.0])
    assert value[0] == pytest.approx(0.5) and derivative[0] == pytest.approx(0.25)


@pytest.mark.parametrize("name", learn_activations.ACTIVATION_NAMES)
def test_tape_derivatives_match_finite_differences(name):
    x = np.linspace(-3.05, 2.95, 25)  # avoids the kink at 0 of relu, leaky relu, elu and selu
    _, derivative = learn_activations.activation_and_derivative(name, x)
    h = 1e-5
    numeric = (learn_activations.activate(name, x + h) - learn_activations.activate(name, x - h)) / (2 * h)
    np.testing.assert_allclose(derivative, numeric, atol=1e-6)


def test_activation_table_ranges_and_centring():
    table = learn_activations.activation_table().set_index("activation")
    assert table.loc["sigmoid", "range"] == "(0, 1)"
    assert table.loc["tanh", "range"] == "(−1, 1)"
    assert table.loc["relu", "range"] == "[0, ∞)"
    assert table.loc["leaky_relu", "range"] == "(−∞, ∞)"
    assert table.loc["elu", "range"] == "(−1, ∞)"
    assert table.loc["sigmoid", "max_derivative"] == pytest.approx(0.25)
    assert table.loc["sigmoid", "mean_output"] == pytest.approx(0.5)
    assert table.loc["relu", "mean_output"] == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-3)  # E[max(0, z)]
    assert bool(table.loc["tanh", "zero_centred"]) and not bool(table.loc["sigmoid", "zero_centred"])
    assert not bool(table.loc["relu", "zero_centred"])


def test_sigmoid_gradient_bound_shrinks_as_a_quarter_to_the_depth():
    bounds = learn_activations.gradient_bound_by_depth(["sigmoid", "relu"], 10)
    sig = bounds[bounds["activation"] == "sigmoid"]["bound"].to_numpy()
    np.testing.assert_allclose(sig, 0.25 ** np.arange(1, 11))
    np.testing.assert_allclose(bounds[bounds["activation"] == "relu"]["bound"], 1.0)
    assert learn_activations.gradient_left("sigmoid", 3) == pytest.approx(0.25 ** 3)


def test_unknown_activation_is_refused_with_the_allowed_names():
    with pytest.raises(ValueError, match="activation.*allowed"):
        learn_activations.activate("softmaxx", [0.0])


# ------------------------------------------------------------------ 3. losses

def test_entropy_of_a_fair_coin_is_one_bit():
    assert learn_losses.entropy_bits([0.5, 0.5]) == pytest.approx(1.0)
    assert learn_losses.entropy_bits([1.0, 0.0]) == 0.0
    assert learn_losses.entropy_bits([0.25] * 4) == pytest.approx(2.0)
    assert learn_losses.information_bits(0.125) == pytest.approx(3.0)


def test_stock_example_cross_entropy_by_hand_and_by_keras():
    import keras

    forecast = learn_losses.stock_forecast("up", [70, 20, 10])
    assert forecast.cross_entropy_bits == pytest.approx(-math.log2(0.7))
    assert forecast.cross_entropy_nats == pytest.approx(-math.log(0.7))
    keras_ce = keras.losses.categorical_crossentropy(np.array([[1.0, 0, 0]]), np.array([[0.7, 0.2, 0.1]]))
    assert forecast.cross_entropy_nats == pytest.approx(float(np.asarray(keras_ce)[0]), rel=1e-5)
    assert forecast.prediction_entropy_bits == pytest.approx(-(0.7 * math.log2(0.7) + 0.2 * math.log2(0.2)
                                                              + 0.1 * math.log2(0.1)))
    assert forecast.mse == pytest.approx((0.3 ** 2 + 0.2 ** 2 + 0.1 ** 2) / 3)


def test_stock_forecast_normalises_weights_and_scores_the_actual_outcome():
    assert learn_losses.stock_forecast("flat", [7, 2, 1]).cross_entropy_bits == pytest.approx(-math.log2(0.1))
    with pytest.raises(ValueError, match="actual"):
        learn_losses.stock_forecast("sideways", [1, 1, 1])
    with pytest.raises(ValueError, match="weights"):
        learn_losses.stock_forecast("up", [0, 0, 0])


def test_cross_entropy_pushes_a_confident_wrong_answer_harder_than_mse():
    grads = learn_losses.confident_wrong_gradients()
    p = grads["p"].to_numpy()
    np.testing.assert_allclose(grads["ce_grad"], 1 - p, rtol=1e-9)  # ∂(−ln σ(z))/∂z = σ(z) − 1
    np.testing.assert_allclose(grads["mse_grad"], 2 * (1 - p) * p * (1 - p), rtol=1e-9)
    worst = grads.iloc[0]  # p = 0.01: confidently wrong
    assert worst["ce_grad"] > 40 * worst["mse_grad"]


def test_mse_line_chases_the_outlier_and_mae_line_does_not():
    calm, wild = learn_losses.outlier_regression(0.0), learn_losses.outlier_regression(40.0)
    assert calm.fits.loc["mse", "slope"] == pytest.approx(2.0, abs=0.3)
    mse_shift = abs(wild.fits.loc["mse", "slope"] - calm.fits.loc["mse", "slope"])
    mae_shift = abs(wild.fits.loc["mae", "slope"] - calm.fits.loc["mae", "slope"])
    assert mse_shift > 1.0 and mae_shift < 0.3


def test_each_fit_is_optimal_for_its_own_loss():
    fits = learn_losses.outlier_regression(25.0)
    x, y = fits.x, fits.y
    rng = np.random.default_rng(1)
    for name, loss in (("mse", learn_losses.mse), ("mae", learn_losses.mae)):
        slope, intercept = fits.fits.loc[name, ["slope", "intercept"]]
        best = loss(y, slope * x + intercept)
        for ds, db in rng.normal(0, 0.2, (50, 2)):
            assert best <= loss(y, (slope + ds) * x + intercept + db) + 1e-9


# ------------------------------------------------------------------ 4. gradient descent

def test_gd_on_x_squared_follows_the_closed_form():
    path = learn_descent.gd_1d(0.1, start=4.0, steps=10)[:, 0]
    np.testing.assert_allclose(path, 4.0 * 0.8 ** np.arange(11))  # x ← x − 0.1·2x


def test_gd_with_too_large_lr_diverges_on_x_squared():
    path = learn_descent.gd_1d(1.1)[:, 0]
    assert np.all(np.abs(path[1:]) > np.abs(path[:-1]))
    assert learn_descent.gd_verdict(learn_descent.bowl_1d(path)) == "diverged"
    assert learn_descent.gd_verdict(learn_descent.bowl_1d(learn_descent.gd_1d(0.1)[:, 0])) == "converged"
    assert learn_descent.gd_verdict(learn_descent.bowl_1d(learn_descent.gd_1d(0.001)[:, 0])) == "crawling"


def test_the_steep_direction_diverges_first():
    path = learn_descent.gd_2d(0.3)
    assert learn_descent.gd_verdict(learn_descent.bowl_2d(path[:, 0], path[:, 1])) == "diverged"  # 8·0.3 > 2
    assert learn_descent.gd_verdict(learn_descent.bowl_1d(learn_descent.gd_1d(0.3)[:, 0])) == "converged"


def test_batch_minibatch_and_stochastic_update_counts():
    runs = {run.mode: run for run in learn_descent.descent_modes(minibatch=8, epochs=3)}
    assert [runs[m].steps_per_epoch for m in ("batch", "minibatch", "stochastic")] == [1, 8, 64]
    assert [len(runs[m].path) for m in ("batch", "minibatch", "stochastic")] == [4, 25, 193]
    table = learn_descent.descent_table(list(runs.values()))
    assert table.set_index("mode").loc["stochastic", "updates"] == 192


def test_first_batch_gd_step_uses_the_full_data_gradient():
    x, y = learn_descent.regression_data()
    w, b = -2.0, 3.0
    error = w * x + b - y
    expected = np.array([w, b]) - 0.1 * np.array([2 * np.mean(error * x), 2 * np.mean(error)])
    run = learn_descent.descent_modes(minibatch=8, epochs=1)[0]
    np.testing.assert_allclose(run.path[1], expected)


# ------------------------------------------------------------------ 5. backpropagation

def test_forward_pass_of_the_classic_example():
    forward = learn_backprop.forward_2_2_1(learn_backprop.BACKPROP_START, (0.05, 0.10), 0.01)
    np.testing.assert_allclose(forward["z1"], [0.3775, 0.3925])
    np.testing.assert_allclose(forward["h"], [0.593269992, 0.596884378], atol=1e-9)
    assert forward["loss"] == pytest.approx(0.5 * (sigmoid(0.4 * 0.593269992 + 0.45 * 0.596884378 + 0.6) - 0.01) ** 2)


@pytest.mark.parametrize("x, y", [((0.05, 0.10), 0.01), ((-0.7, 0.4), 0.9), ((1.0, -1.0), 0.5)])
def test_hand_gradients_equal_gradient_tape(x, y):
    hand = learn_backprop.gradients_by_hand(learn_backprop.BACKPROP_START, x, y)
    tape = learn_backprop.gradients_by_tape(learn_backprop.BACKPROP_START, x, y)
    for name in learn_backprop.BACKPROP_START:
        np.testing.assert_allclose(hand[name], tape[name], atol=1e-6)


def test_output_weight_gradient_by_hand():
    h = sigmoid(np.array([0.3775, 0.3925]))
    y_hat = sigmoid(0.4 * h[0] + 0.45 * h[1] + 0.6)
    delta = (y_hat - 0.01) * y_hat * (1 - y_hat)
    step = learn_backprop.backprop_step((0.05, 0.10), 0.01, lr=0.5)
    assert step.table.loc["W2[1]", "grad_hand"] == pytest.approx(delta * h[0])
    assert step.table.loc["b2", "grad_hand"] == pytest.approx(delta)


def test_one_sgd_step_moves_against_the_gradient_and_lowers_the_loss():
    step = learn_backprop.backprop_step((0.05, 0.10), 0.01, lr=0.5)
    table = step.table
    np.testing.assert_allclose(table["new_value"], table["value"] - 0.5 * table["grad_hand"])
    assert table["difference"].max() < 1e-6
    assert step.new_loss < step.loss


# ------------------------------------------------------------------ 6. regularization

def test_l1_path_hits_exact_zeros_and_l2_does_not():
    paths = learn_regularization.regularization_paths(learn_regularization.REG_LAMBDAS)
    l1, l2 = paths[paths["method"] == "l1"], paths[paths["method"] == "l2"]
    assert (l1[l1["lam"] == 0.1]["coef"] == 0.0).sum() >= 2  # the two pure-noise features
    assert (l1[l1["lam"] == 10.0]["coef"] == 0.0).all()
    assert (l2["coef"] != 0.0).all()
    assert learn_regularization.exact_zeros(paths, 10.0) == {"l1": 6, "l2": 0}


def test_lasso_satisfies_its_optimality_conditions():
    X, y = learn_regularization.regularization_data()
    lam = 0.1
    beta = learn_regularization.lasso_coefficients(X, y, lam)
    mse_slope = -2 * X.T @ (y - X @ beta) / len(y)  # ∂/∂β of (1/n)‖y − Xβ‖²; Keras' L1(λ) adds λ‖β‖₁
    active = beta != 0
    np.testing.assert_allclose(mse_slope[active], -lam * np.sign(beta[active]), atol=1e-6)
    assert np.all(np.abs(mse_slope[~active]) <= lam + 1e-9)


def test_lasso_is_all_zero_from_lambda_max():
    X, y = learn_regularization.regularization_data()
    lam_max = 2 * np.max(np.abs(X.T @ y)) / len(y)  # the MSE's slope at β = 0
    assert (learn_regularization.lasso_coefficients(X, y, lam_max * 1.001) == 0).all()
    assert (learn_regularization.lasso_coefficients(X, y, lam_max * 0.9) != 0).any()


def test_ridge_gradient_vanishes_at_its_solution():
    X, y = learn_regularization.regularization_data()
    beta = learn_regularization.ridge_coefficients(X, y, 0.5)
    gradient = -X.T @ (y - X @ beta) / len(y) + 0.5 * beta
    np.testing.assert_allclose(gradient, 0, atol=1e-12)


def test_dropout_mask_zeroes_or_rescales_and_changes_each_step():
    before, after = learn_regularization.dropout_layer(0.5, step=0)
    kept = after != 0
    np.testing.assert_allclose(after[kept], before[kept] / 0.5)
    assert 0 < kept.sum() < len(before)
    _, again = learn_regularization.dropout_layer(0.5, step=0)
    np.testing.assert_array_equal(after, again)  # the same step draws the same mask
    masks = {tuple(learn_regularization.dropout_layer(0.5, step=s)[1] != 0) for s in range(5)}
    assert len(masks) > 1
    assert np.array_equal(*learn_regularization.dropout_layer(0.0, step=3))


def test_batch_norm_matches_the_hand_formula():
    frame = learn_regularization.batch_norm_demo(64)
    for unit in (1, 2, 3):
        before = frame[(frame["stage"] == "before") & (frame["unit"] == unit)]["value"].to_numpy(float)
        after = frame[(frame["stage"] == "after") & (frame["unit"] == unit)]["value"].to_numpy(float)
        expected = (before - before.mean()) / np.sqrt(before.var() + 1e-3)  # Keras' epsilon is 1e-3
        np.testing.assert_allclose(after, expected, atol=1e-4)
        assert abs(after.mean()) < 1e-4


# ------------------------------------------------------------------ 7. Lagrange multipliers

def test_lagrange_points_of_the_course_example():
    maximum, minimum = learn_lagrange.lagrange_numeric(32.0)
    assert (maximum.x, maximum.y, maximum.lam) == pytest.approx((4.0, 4.0, -1 / 8))
    assert (minimum.x, minimum.y, minimum.lam) == pytest.approx((-4.0, -4.0, 1 / 8))
    assert maximum.f == pytest.approx(8.0) and minimum.f == pytest.approx(-8.0)


def test_numerical_and_closed_form_agree_for_another_circle():
    table = learn_lagrange.lagrange_table(50.0)
    np.testing.assert_allclose(table["x"], [5.0, -5.0])
    np.testing.assert_allclose(table["lam_numeric"], table["lam_exact"])
    np.testing.assert_allclose(table["lam_exact"], [-0.1, 0.1])
    with pytest.raises(ValueError, match="c"):
        learn_lagrange.lagrange_numeric(0.0)


def test_gradients_are_parallel_only_at_the_extremes():
    assert learn_lagrange.gradients_on_circle(32.0, 45)["angle"] == pytest.approx(0.0, abs=1e-4)
    assert learn_lagrange.gradients_on_circle(32.0, 225)["angle"] == pytest.approx(180.0, abs=1e-4)
    assert learn_lagrange.gradients_on_circle(32.0, 135)["angle"] == pytest.approx(90.0)
    np.testing.assert_allclose(learn_lagrange.gradients_on_circle(32.0, 45)["point"], [4.0, 4.0])

"""Compare, the optimizer paths tab: real Keras optimizers on 2-D loss surfaces."""

import streamlit as st

from pages import state, ui
from pages.compare_race import RACE_DEFAULT


def paths_tab() -> None:
    from dnn_core.charts.paths import paths_figure, paths_loss_figure  # TensorFlow-heavy: only when the tab opens
    from dnn_core.engine.config import OPTIMIZER_NAMES
    from dnn_core.engine.paths import MAX_STEPS, SURFACES, optimizer_paths

    st.caption(ui.tr("compare.paths.intro"))
    name = st.selectbox(ui.tr("compare.paths.surface"), list(SURFACES), key="paths_surface",
                        format_func=ui.labels("paths.surface."))
    surface = SURFACES[name]
    x_col, y_col, steps_col = st.columns(3)
    x0 = x_col.number_input(ui.tr("compare.paths.start_x"), *surface.x_range, surface.start[0], format="%g",
                            key=f"paths_x_{name}")
    y0 = y_col.number_input(ui.tr("compare.paths.start_y"), *surface.y_range, surface.start[1], format="%g",
                            key=f"paths_y_{name}")
    steps = steps_col.number_input(ui.tr("compare.paths.steps"), 1, MAX_STEPS, surface.steps, key=f"paths_steps_{name}")
    chosen = st.multiselect(ui.tr("compare.paths.optimizers"), OPTIMIZER_NAMES, default=RACE_DEFAULT,
                            key="paths_optimizers", format_func=ui.labels("optimizer."),
                            placeholder=ui.tr("compare.race.placeholder"))
    auto_col, lr_col = st.columns(2, vertical_alignment="center")
    auto = auto_col.toggle(ui.tr("compare.paths.auto_lr"), value=True, key="paths_auto_lr")
    lr = None if auto else lr_col.number_input(ui.tr("compare.paths.lr"), value=0.01, key="paths_lr",
                                                **ui.bounds("lr"))
    if st.button(ui.tr("compare.paths.run"), key="paths_run", type="primary", disabled=not chosen):
        try:
            state.PATHS.set((name, optimizer_paths(name, chosen, (x0, y0), lr, int(steps))))
        except ValueError as exc:
            st.error(ui.tr("compare.paths.invalid", reason=ui.error_text(exc)))
    drawn = state.PATHS.get()
    if not chosen:
        st.info(ui.tr("compare.paths.pick"))
    if drawn is None:
        st.info(ui.tr("compare.paths.press"))
        return
    st.plotly_chart(paths_figure(drawn[0], drawn[1], ui.lang()), key="paths_map")
    st.plotly_chart(paths_loss_figure(drawn[1], ui.lang()), key="paths_loss", config={"displayModeBar": False})

"""Home: what this is, which data set is in use and why, and presets that set up a lesson in one click."""

import streamlit as st

from dnn_core.engine.config import DATASETS
from dnn_core.engine.data import dataset_status, load_dataset
from dnn_core.engine.presets import HOME_PRESETS
from dnn_core.running import executors
from pages import ui

st.title(ui.tr("app.title"))
st.markdown(ui.tr("home.intro"))

# Which data set the app will use, and why
with st.spinner(ui.tr("home.data.loading")):
    data = load_dataset("mnist")  # downloads once per server (about 11 MB), then shared by every session
if data.notice:
    st.warning(ui.tr("home.data.fallback", reason=data.notice.params.get("reason", "")), icon=":material/inventory_2:")
else:
    st.success(ui.tr("home.data.full", count=f"{len(data.x_train):,}", source=ui.tr(f"data.source.{data.source}")),
               icon=":material/check_circle:")
with st.expander(ui.tr("home.data.all")):  # a list is one element: each element costs the browser time to draw
    st.markdown("\n".join(f"- **{ui.tr(f'data.name.{name}')}**: {ui.tr(f'data.status.{dataset_status(name)}')}"
                          for name in DATASETS))
    st.caption(ui.tr("home.data.dir_hint"))

# Where trainings run: this server, or the Ray cluster of DNN_RAY_ADDRESS (and why not, when it can't be reached)
with st.spinner(ui.tr("home.executor.connecting")):
    executor = executors.current()
if executors.notice():
    st.error(ui.tr(executors.notice().key, **executors.notice().params), icon=":material/cloud_off:")
else:
    key, params = executor.describe()
    if executor.name == "ray":
        st.info(ui.tr(key, **params), icon=":material/hub:")
    else:
        st.caption(ui.tr(key, **params))

# Presets: each opens Build & Train with its settings
st.subheader(ui.tr("home.presets"))
PER_ROW = 3  # six presets side by side would leave each a narrow strip of text
for start in range(0, len(HOME_PRESETS), PER_ROW):
    for column, name in zip(st.columns(PER_ROW), HOME_PRESETS[start:start + PER_ROW]):
        with column, st.container(border=True):
            st.markdown(f"**{ui.tr(f'preset.{name}')}**  \n:small[:gray[{ui.tr(f'preset.{name}.help')}]]")
            if st.button(ui.tr("home.open_preset"), key=f"home_preset_{name}", type="primary", width="stretch"):
                ui.switch_to_train(preset=name)  # a twin preset goes on to Compare

st.subheader(ui.tr("home.pages"))
st.markdown("\n".join(f"- **{ui.tr(f'nav.{name}')}**: {ui.tr(f'home.page.{name}')}"
                      for name in ("train", "inspect", "compare", "draw", "learn")))

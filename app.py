"""DNN Playground: the multipage shell. Run with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from dnn_core.i18n import t
from pages import sidebar, ui

st.set_page_config(page_title="DNN Playground", page_icon="🧠", layout="wide")

# Each page appears once its file exists: (name, file, URL path, icon)
PAGES = [
    ("home", "pages/home.py", "", ":material/home:"),
    ("train", "pages/train.py", "train", ":material/model_training:"),
    ("inspect", "pages/inspect.py", "inspect", ":material/troubleshoot:"),
    ("compare", "pages/compare.py", "compare", ":material/compare_arrows:"),
    ("class", "pages/class.py", "class", ":material/groups:"),
    ("draw", "pages/draw.py", "draw", ":material/draw:"),
    ("learn", "pages/learn.py", "learn", ":material/school:"),
]

lang = ui.init_lang()
root = Path(__file__).parent
page = st.navigation([
    st.Page(path, title=t(f"nav.{name}", lang), icon=icon, url_path=url, default=(name == "home"))
    for name, path, url, icon in PAGES if (root / path).exists()
])
sidebar.render()
if page.url_path:  # every page but Home uses TensorFlow: import it safely before the page does
    ui.import_tensorflow_once()
page.run()
sidebar.start_pending_job()  # a job created by a page that was left before its end

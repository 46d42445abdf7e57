"""Compare: a fair optimizer race, optimizer paths on 2-D surfaces, and the run history with twin runs.

What it keeps for the session (the race and twin jobs, the paths drawn last, …) is declared in pages/state.py.
"""

import streamlit as st

from pages import job_link, state, ui
from pages.compare_paths import paths_tab
from pages.compare_preset import open_twin_preset
from pages.compare_race import race_tab
from pages.compare_runs import history_tab

# ---- the page --------------------------------------------------------------------------------------------------

st.title(ui.tr("compare.title"))
open_twin_preset()  # ?preset=dense_vs_cnn: the run history tab opens on that twin run, ready to train
opened = job_link.open_link(("race", "twin"))  # ?job=: a race or twin run, live or ended, on its tab
if opened:
    state.set_widget("compare_tab", ui.tr("compare.tab.race" if opened == "race" else "compare.tab.history"))
tabs = st.tabs([ui.tr("compare.tab.race"), ui.tr("compare.tab.paths"), ui.tr("compare.tab.history")],
               key="compare_tab", on_change="rerun")  # only the open tab runs
for tab, render in zip(tabs, (race_tab, paths_tab, history_tab)):
    if tab.open:
        with tab:
            render()
job_link.compare_url()

"""A JupyterLab pre-save hook: saving a notebook keeps the committed chart images.

JupyterLab's Plotly renderer (jupyterlab-plotly), after drawing a chart, replaces the output's image/png with a
screenshot at the width of the Lab panel. Saving after Run All (or after merely opening) then rewrote every
committed chart image at another width. The image only has to change when the figure does: for each chart output
whose Plotly figure equals the one in the file on disk, this hook puts the file's image back.
Used by scripts/lab.sh (FileContentsManager.pre_save_hook).
"""
import json
import os

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _charts(notebook):
    """The chart outputs in order: (figure, output) for every output holding a Plotly figure and a PNG."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            if PLOTLY_MIME in data and "image/png" in data:
                yield data[PLOTLY_MIME], output


def keep_chart_images(model, path, contents_manager, **kwargs):
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    on_disk = contents_manager._get_os_path(path)
    if not os.path.isfile(on_disk):
        return
    with open(on_disk, encoding="utf-8") as f:
        saved = json.load(f)
    saved_images = {json.dumps(figure, sort_keys=True): output["data"]["image/png"] for figure, output in _charts(saved)}
    for figure, output in _charts(model["content"]):
        image = saved_images.get(json.dumps(figure, sort_keys=True))
        if image is not None:
            output["data"]["image/png"] = image

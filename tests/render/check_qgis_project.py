#!/usr/bin/env python3
"""Opens a run's project.qgs headless in PyQGIS: every layer valid and styled as reachplan
styles it, layer_styles in the GeoPackage, and the map renders to a PNG that is not blank.

Usage: check_qgis_project.py REACHPLAN SCENARIO WORKDIR [PNG [TITLE]]
(TITLE: the project title expected; default the render test scenario's)
Exit 77 (CTest's SKIP_RETURN_CODE) where PyQGIS is not installed."""
import os
import sqlite3
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
try:
    from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings,
                           QgsProject, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError as e:
    print(f"SKIP: PyQGIS is not installed ({e}); on Debian: tools/setup-debian.sh --qgis")
    sys.exit(77)

# What each kind of layer is drawn with (gis_styles.cpp).
EXPECTED = {"nodes": "RuleRenderer", "links": "categorizedSymbol",
            "services": "categorizedSymbol", "od": "categorizedSymbol",
            "isochrones": "graduatedSymbol", "provinces": "singleSymbol",
            "rivers": "singleSymbol", "lakes": "singleSymbol"}


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def main():
    reachplan, scenario, work = sys.argv[1:4]
    png = sys.argv[4] if len(sys.argv) > 4 else os.path.join(work, "project.png")
    title = sys.argv[5] if len(sys.argv) > 5 else "QGIS project test (2030)"
    out = os.path.join(work, "out")
    subprocess.run([reachplan, "run", scenario, "-o", out], check=True,
                   stdout=subprocess.DEVNULL)
    project_file = os.path.join(out, "project.qgs")
    if not os.path.exists(project_file):
        fail("no project.qgs in " + out)

    gpkg = os.path.join(out, "layers.gpkg")
    with sqlite3.connect(gpkg) as db:
        styled = {r[0] for r in db.execute(
            "SELECT f_table_name FROM layer_styles WHERE useAsDefault = 1")}
        tables = {r[0] for r in db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")}
    if not tables or tables != styled:
        fail(f"layer_styles covers {sorted(styled)}, the GeoPackage holds {sorted(tables)}")

    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    if not project.read(project_file):
        fail("QGIS cannot read " + project_file + ": " + project.error())
    layers = list(project.mapLayers().values())
    if not layers:
        fail("the project holds no layer")
    if project.title() != title:
        fail(f"project title {project.title()!r}")
    if not project.crs().isValid():
        fail("the project's CRS is not valid")
    names = {layer.name() for layer in layers}
    # Vector tables are <layer>_<scenario id>; the run writes every layer kind and a surface.
    found = {}
    for kind in ("nodes", "links", "services", "od", "isochrones"):
        match = [n for n in names if n.startswith(kind + "_")]
        if not match:
            fail(f"no {kind} layer in the project (it has {sorted(names)})")
        found[kind] = match[0]
    if not any(layer.type() == layer.RasterLayer for layer in layers):
        fail(f"no raster in the project (it has {sorted(names)})")
    services = project.layerTreeRoot().findLayer(project.mapLayersByName(found["services"])[0])
    if services.isVisible():
        fail("the services layer should start hidden")
    for layer in layers:
        if not layer.isValid():
            fail(f"layer {layer.name()} is not valid: {layer.source()}")
        renderer = layer.renderer()
        if isinstance(layer, QgsVectorLayer):
            kind = next((k for k in EXPECTED if layer.name() == k or
                         layer.name().startswith(k + "_")), None)
            want = EXPECTED.get(kind)
            got = renderer.type() if renderer else None
            if want is None or got != want:
                fail(f"layer {layer.name()}: renderer {got}, expected {want}")
            if kind in ("links", "od", "nodes") and not renderer.legendSymbolItems():
                fail(f"layer {layer.name()} has no classes")
            # The GeoPackage's own default style loads too (what QGIS does on adding a layer).
            if "layers.gpkg" in layer.source():
                fresh = QgsVectorLayer(layer.source(), "fresh", "ogr")
                if fresh.renderer().type() != want:
                    fail(f"layer_styles of {layer.name()} did not load: "
                         f"{fresh.renderer().type()}")
        else:
            if renderer is None or renderer.type() != "singlebandpseudocolor":
                fail(f"raster {layer.name()}: renderer {renderer and renderer.type()}")
            if not renderer.shader().rasterShaderFunction().colorRampItemList():
                fail(f"raster {layer.name()} has no colour classes")
        print(f"ok: {layer.name()} {renderer.type()}")

    settings = QgsMapSettings()
    root = project.layerTreeRoot()
    settings.setLayers([l.layer() for l in root.findLayers() if l.isVisible()])
    settings.setDestinationCrs(project.crs())
    settings.setExtent(project.viewSettings().defaultViewExtent()
                       if not project.viewSettings().defaultViewExtent().isEmpty()
                       else settings.fullExtent())
    settings.setOutputSize(QSize(1000, 800))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(png, "PNG")
    colours = {image.pixel(x, y) for x in range(0, image.width(), 5)
               for y in range(0, image.height(), 5)}
    if len(colours) < 8:
        fail(f"the map is blank ({len(colours)} colours): {png}")
    print(f"ok: rendered {png} ({len(colours)} colours)")
    project.clear()
    app.exitQgis()
    # PyQGIS may crash tearing down Qt's objects after exitQgis(): the checks are done.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

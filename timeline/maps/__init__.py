"""Where events happened: the server-drawn map, its marks, the GeoJSON export, the gazetteer.

atlas.py (Natural Earth countries and the Line of Control) <- drawing.py (SVG geometry) <-
marks.py (events -> one mark per place, one query); markup.py writes marks and the table of
places; geojson.py and gazetteer.py stand alone. Nothing here imports views.
"""

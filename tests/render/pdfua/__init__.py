"""Tests of plainleaf.render.pdfua: mending WeasyPrint's PDF/UA-1 faults."""

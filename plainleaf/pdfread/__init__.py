"""Reading a PDF as the audit and the PDF mending need it (pikepdf): what the pages draw and where (content.py,
fonts.py, geometry.py), the structure tree (structure.py), the text in reading order (text.py) and the links
(annotations.py). It judges nothing: the audit's rules are plainleaf.check.audit's."""

"""Reading a handout, its clinic and its layout: users' files → the typed model and the document tree."""

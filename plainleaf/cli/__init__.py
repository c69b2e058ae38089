"""The command line: arguments → the package's stages → what is printed."""

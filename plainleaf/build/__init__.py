"""Building: the plan of output files, the tasks that make them, where they run, and the output folder."""

"""Stage 3: reports on the inputs for a person: what `handouts check` says,
and the reading level of every section and handout."""

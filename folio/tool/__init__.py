"""The ``folio`` command installed with the package: subcommands around the recipe."""

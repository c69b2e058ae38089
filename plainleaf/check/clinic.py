"""The clinic file loaded and checked as every command needs it: valid, every character drawable, its logo there."""

from __future__ import annotations

from pathlib import Path

from ..errors import HandoutError, HandoutErrors, raise_if_errors
from ..source.files import load_clinic
from ..source.model import Clinic
from ..source.resources import clinic_logo_file
from .checks import check_clinic


def load_checked_clinic(clinic_file: Path, fonts_dir: Path) -> Clinic:
    """The clinic file, validated (pydantic is imported only here), its characters and its logo checked."""
    clinic = load_clinic(clinic_file)
    raise_if_errors(check_clinic(clinic, clinic_file, fonts_dir))
    if clinic_logo_file(clinic_file, clinic.logo.path if clinic.logo else None) is False:
        raise HandoutErrors([HandoutError(clinic_file, None, f"the logo {clinic.logo.path!r} does not exist",
                                          "give its path relative to the clinic file, e.g. logo: {path: logo.png, "
                                          "alt: ...}")])
    return clinic

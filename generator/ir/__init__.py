"""The intermediate model and its builder."""

from .build import Warnings, build_package
from .package import Package

__all__ = ["Package", "Warnings", "build_package"]

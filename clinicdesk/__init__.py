"""ClinicDesk: office software for a member-owned cooperative primary-care clinic."""

__version__ = "0.1.0"
APP_NAME = "ClinicDesk"

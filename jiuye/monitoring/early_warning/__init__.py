"""Unemployment early warning: regional, enterprise and leading-signal rules; warnings as status-change rows."""

"""Questionnaire definitions: schema, skip-logic expressions, answer validation, XLSForm, built-in library.

This package is pure: it imports neither Flask nor anything from `survey`, so the CLI, the API, the pages and
analysis all read definitions the same way.
"""

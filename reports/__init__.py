"""Periodic reports built from analysis results: plain report model, charts, HTML / PDF / XLSX.

Depends on analysis results as plain data (docs/contracts.md §4) and on nothing of the web app.
"""

"""The demo ward (Phường Vĩnh Tuy): areas, frame, campaigns, waves and synthetic responses."""

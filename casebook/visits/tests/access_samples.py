"""The visits pages take only the child's ID: the URL walker needs no samples."""

SAMPLES: dict = {}

"""Reading articles from disk or stdin, and writing cleaned copies safely."""

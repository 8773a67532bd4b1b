"""The rule engine: rule packs (YAML data), the matchers they compile to, and rule selection."""

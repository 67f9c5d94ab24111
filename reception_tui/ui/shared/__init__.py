"""What the desk and the office screens both use: bindings, literal text, input hygiene, dialogs, forms, footer."""

"""The service layer: what screens and commands do, over the domain and the store."""

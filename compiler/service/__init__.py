"""The service (``skillc serve``): the product page's HTTP API, sign-in, the OAuth callback and
the dashboard, as thin routes over :mod:`compiler.product`."""

"""OAuth endpoints: token exchange (v1, v3), token info, introspection, revocation."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.responses import RedirectResponse, Response

from compiler.simulator.app import Ctx, RouteSpec, no_content, reply
from compiler.simulator.errors import ApiError
from compiler.simulator.oauth import OAuthError


async def _form(ctx: Ctx) -> dict[str, str]:
    raw = (await ctx.request.body()).decode("utf-8", "replace")
    values = dict(parse_qsl(raw, keep_blank_values=True))
    # The v1 spec also allows client_secret and refresh_token in the query string.
    for key, value in ctx.request.query_params.items():
        values.setdefault(key, value)
    return values


async def token(ctx: Ctx) -> Response:
    content_type = ctx.request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type:
        err = OAuthError(
            "invalid_request", "BAD_REQUEST", "the token endpoint takes a form-encoded body"
        )
        return reply(err.body(), err.http_status)
    try:
        return reply(ctx.sim.tokens.exchange(await _form(ctx)))
    except OAuthError as err:
        return reply(err.body(), err.http_status)


async def access_token_info(ctx: Ctx) -> Response:
    info = ctx.sim.tokens.info(ctx.params["token"])
    if info.get("token_use") != "access_token":
        raise ApiError(404, "OBJECT_NOT_FOUND", "access token not found")
    info.pop("token_use", None)
    return reply(info)


async def refresh_token_info(ctx: Ctx) -> Response:
    info = ctx.sim.tokens.info(ctx.params["token"])
    if info.get("token_use") != "refresh_token":
        raise ApiError(404, "OBJECT_NOT_FOUND", "refresh token not found")
    info.pop("token_use", None)
    info["client_id"] = ctx.sim.tokens.client_id
    return reply(info)


async def delete_refresh_token(ctx: Ctx) -> Response:
    ctx.sim.tokens.revoke(ctx.params["token"])
    return no_content()


async def introspect(ctx: Ctx) -> Response:
    form = await _form(ctx)
    value = form.get("token") or form.get("access_token") or form.get("refresh_token") or ""
    return reply(ctx.sim.tokens.info(value, introspect=True))


async def revoke(ctx: Ctx) -> Response:
    form = await _form(ctx)
    value = form.get("token") or form.get("refresh_token") or ""
    ctx.sim.tokens.revoke(value)
    return reply({})


async def authorize(ctx: Ctx) -> Response:
    """The consent screen, auto-approved: redirects to ``redirect_uri`` with a one-time code.

    HubSpot serves it on app.hubspot.com; the simulator serves it on its own host so a browser-only
    connect flow can run end to end. ``scope`` and ``optional_scope`` are space-separated.
    """
    query = ctx.request.query_params
    redirect_uri = query.get("redirect_uri", "")
    if query.get("client_id") != ctx.sim.client_id:
        return reply(OAuthError("invalid_client", "BAD_CLIENT_ID", "unknown client_id").body(), 400)
    if not redirect_uri.startswith(("http://", "https://")):
        err = OAuthError(
            "invalid_request", "BAD_REDIRECT_URI", "redirect_uri must be an http(s) URL"
        )
        return reply(err.body(), 400)
    scopes = [*query.get("scope", "").split(), *query.get("optional_scope", "").split()]
    params = {"code": ctx.sim.issue_auth_code(scopes or ["oauth"])}
    if "state" in query:
        params["state"] = query["state"]
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(redirect_uri + separator + urlencode(params), status_code=302)


_NO_AUTH = {"api": False}
ROUTES: list[RouteSpec] = [
    ("/oauth/authorize", ["GET"], authorize, _NO_AUTH),
    ("/oauth/v1/token", ["POST"], token, _NO_AUTH),
    ("/oauth/v3/token", ["POST"], token, _NO_AUTH),
    ("/oauth/v1/access-tokens/{token}", ["GET"], access_token_info, _NO_AUTH),
    ("/oauth/v1/refresh-tokens/{token}", ["GET"], refresh_token_info, _NO_AUTH),
    ("/oauth/v1/refresh-tokens/{token}", ["DELETE"], delete_refresh_token, _NO_AUTH),
    ("/oauth/v3/token/introspect", ["POST"], introspect, _NO_AUTH),
    ("/oauth/v3/token/revoke", ["POST"], revoke, _NO_AUTH),
]

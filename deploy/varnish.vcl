# Varnish in front of Newsroom (Varnish 7 with varnish-modules for xkey).
#
# Pages are kept as long as the app's s-maxage says (until the next change,
# with PAGECACHE_EDGE=varnish) and purged by their tags: each cached page
# names them in its xkey header; a change sends
#     PURGE / HTTP/1.1
#     xkey-purge: article:12 published
# from an app server (PAGECACHE_EDGE_URL lists every Varnish).
# Set the backend below, and the purgers ACL to the app servers' addresses.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, readers with a session, messages or replies of their own: their own pages.
    if (req.url ~ "^/admin/" || req.http.Cookie ~ "(^|;\s*)(sessionid|messages|replies_mine|reply_author)=") {
        return (pass);
    }
    # Query parameters no page reads (utm_*, fbclid...): the app serves them
    # from its own cache; kept here, every variant would be a new object.
    if (req.url ~ "[?&](?!(page|p|q|replytocom)=)[^&=]*(=|&|$)") {
        return (pass);
    }
    # Only the language cookie changes a reader's page (the pages say Vary: Cookie).
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Cookie = regsub(req.http.Cookie, "^(?:.*;\s*)?(django_language=[^;]*).*$", "\1");
    } else {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_response {
    # No grace: after a purge nobody gets the old page, not even once.
    set beresp.grace = 0s;
}

sub vcl_deliver {
    # The tags are for this cache alone.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}

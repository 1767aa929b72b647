"""The Sphinx extensions' page rewrites, on HTML strings (no build needed)."""

from __future__ import annotations

from analysis.book.ext import offline, theme_fixes


def test_cdn_addresses_become_relative_vendor_paths():
    page = (
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>'
    )
    text, count = offline.rewrite_text(page, "../../_static/vendor")
    assert count == 2
    assert '"../../_static/vendor/leaflet/leaflet.js"' in text
    assert '"../../_static/vendor/leaflet/leaflet.css"' in text
    assert offline.external_asset(text) is None


def test_a_chart_library_from_a_cdn_is_not_served_but_reported():
    """Charts are drawn when the book is built: a page asking for Vega would load it from another host."""
    page = '<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>'
    text, count = offline.rewrite_text(page, "../../_static/vendor")
    assert count == 0 and offline.external_asset(text)


def test_an_unknown_cdn_asset_is_reported():
    assert offline.external_asset('<script src="https://unpkg.com/d3@7/dist/d3.min.js"></script>')
    assert offline.external_asset("&lt;script src=&quot;https://example.org/x.js&quot;&gt;")  # inside a srcdoc
    assert offline.external_asset('<a href="https://www.statcan.gc.ca/">a link is fine</a>') is None


def test_thebe_settings_kept_once():
    script = "<script>const THEBE_JS_URL = 'x'</script>\n"
    text, count = theme_fixes.one_thebe_config(f"<head>{script}</head><body>{script}</body>")
    assert count == 1 and text.count("THEBE_JS_URL") == 1
    assert theme_fixes.one_thebe_config(script) == (script, 0)


def test_map_frame_takes_its_title_from_the_escaped_description():
    srcdoc = "&lt;meta name=&quot;description&quot; content=&quot;Map of Qu&amp;amp;eacute;bec &amp;amp; MRC&quot;&gt;"
    text, count = theme_fixes.titled_map_frames(f'<iframe srcdoc="{srcdoc}"></iframe>')
    assert count == 1
    assert text.startswith('<iframe title="Map of Qu&amp;eacute;bec &amp; MRC"')
    # a frame that already has a title is left alone
    titled = f'<iframe title="x" srcdoc="{srcdoc}"></iframe>'
    assert theme_fixes.titled_map_frames(titled) == (titled, 0)


def test_fontawesome_and_bootstrap_scripts_dropped_and_citation_list_role_removed():
    from types import SimpleNamespace

    config = SimpleNamespace(html_theme_options={"a": 1}, companion_student=False)
    theme_fixes.no_download_button(None, config)
    assert config.html_theme_options == {"a": 1, "use_download_button": False}
    student = SimpleNamespace(html_theme_options={"a": 1}, companion_student=True)
    theme_fixes.no_download_button(None, student)
    assert student.html_theme_options == {"a": 1}  # students download the notebooks from it

    page = (
        '<script defer src="../_static/scripts/fontawesome.js?digest=abc"></script>\n'
        '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=55c26" />\n'
        '<script defer src="../_static/scripts/bootstrap.js?digest=55c26"></script>\n'
        '<script defer src="../_static/scripts/pydata-sphinx-theme.js?digest=55c26"></script>\n'
        '<div role="list" class="citation-list"><div class="citation">A</div></div>'
    )
    text, count = theme_fixes.fix_text(page)
    assert count == 2 and "fontawesome.js" not in text and "bootstrap.js" in text
    text, count = theme_fixes.no_bootstrap_script(text)  # the reader's edition only
    assert count == 2 and "bootstrap.js" not in text
    assert "pydata-sphinx-theme.js" in text
    assert '<div class="citation-list">' in text


def test_search_scripts_leave_every_page_but_the_search_page():
    head = (
        '    <script src="../../_static/searchtools.js"></script>\n'
        '    <script src="../../_static/language_data.js"></script>\n'
        '    <script src="../../searchindex.js"></script>\n'
    )
    text, count = theme_fixes.search_tools_on_the_search_page_only(f"<head>\n{head}</head>")
    assert count == 1 and "searchindex" not in text and "searchtools" not in text
    # a page that loads only part of them (as search.html does in its own order) is left alone
    alone = '<script src="searchindex.js" defer></script>'
    assert theme_fixes.search_tools_on_the_search_page_only(alone) == (alone, 0)


def test_only_the_visible_sidebar_buttons_are_left():
    page = (
        '<button class="pst-navbar-icon sidebar-toggle primary-toggle" aria-label="Site navigation">\n'
        '    <span class="fa-solid fa-bars"></span>\n  </button>\n'
        '<button class="pst-navbar-icon sidebar-toggle secondary-toggle" aria-label="On this page">\n'
        '      <span class="fa-solid fa-outdent"></span>\n    </button>\n'
        '<button class="sidebar-toggle primary-toggle btn btn-sm" title="Toggle primary sidebar">'
        '<span class="fa-solid fa-bars"></span></button>'
    )
    text, count = theme_fixes.fix_text(page)
    assert count == 2
    assert text.count("primary-toggle") == 1 and "btn btn-sm" in text and "secondary-toggle" not in text


def test_a_map_frame_is_titled_even_when_its_map_holds_a_title_attribute():
    """Leaflet's attribution link inside the map has a title (escaped in srcdoc): the frame still gets one."""
    frame = (
        '<iframe srcdoc="&lt;head&gt;&lt;meta name=&quot;description&quot; content=&quot;Map of Québec&quot;&gt;'
        '&lt;a title=&quot;A JavaScript library&quot;&gt;Leaflet&lt;/a&gt;" style="border:none"></iframe>'
    )
    text, count = theme_fixes.titled_map_frames(frame)
    assert count == 1 and text.startswith('<iframe title="Map of Québec"')
    assert theme_fixes.titled_map_frames(text) == (text, 0)  # an iframe with its own title is left alone

"""Which generated pages an edit of the data can change, and rendering one of them again.

``mkdocs serve`` rebuilds after every edit. Rendering every project page again after an edit
of one project file costs seconds at thousands of projects, and only a few can differ: the
project's own page, the pages of the projects it depends on and of those that depend on it
(each names the other), the pages of the people it names before or after the edit (a person's
page shows every project that names them) and the people index, and the overview pages that list
projects (portfolio, projects and programmes indexes, programme pages). The views and downloads
are rendered again in full by the views job. An edit of ``portfolio.yaml`` or ``roles.yaml``, a
project added or removed, or a person named for the first time or no longer named (the set of
person pages, and perhaps their slugs, changes) changes pages everywhere: everything is rendered
again.

The MkDocs hook compares each page it renders with the last build's; this module only has to
never leave out a page that may differ (a test builds the site both ways and compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from pmo_hub.analyse.people import names_in, people_of
from pmo_hub.model import Portfolio
from pmo_hub.render import paths
from pmo_hub.render.pages import GeneratedPage, PageRenderer


def pages_to_render_again(old: Portfolio, new: Portfolio) -> set[str] | None:
    """Paths of the generated pages (besides the views) that may differ between ``old`` and
    ``new``; None: any page may, render them all."""
    changed = changed_projects(old, new)
    return pages_showing(old, new, changed) if changed else changed


def changed_projects(old: Portfolio, new: Portfolio) -> set[str] | None:
    """Ids of the projects that differ between ``old`` and ``new``; None: what every page shows
    may differ (the settings, the roles, the reporting date, which projects there are)."""
    if (
        old.settings != new.settings
        or old.roles_file != new.roles_file
        or old.reporting_date != new.reporting_date
        or old.data_dir != new.data_dir
        or old.by_id.keys() != new.by_id.keys()
    ):
        return None
    return {
        project_id
        for project_id, project in new.by_id.items()
        if project is not old.by_id[project_id]
        and project != old.by_id[project_id]
        or new.project_files[project_id] != old.project_files[project_id]
    }


def pages_showing(old: Portfolio, new: Portfolio, changed: set[str]) -> set[str] | None:
    """Paths of the generated pages (besides the views) that show the ``changed`` projects before
    or after the edit; None: any page may differ, render them all."""
    people = people_of(new)
    if people.slugs != people_of(old).slugs:  # person pages come or go, or move: links everywhere
        return None
    shown_on = set(changed)
    named: set[str] = set()
    for portfolio in (old, new):  # a link added or removed changes the pages at both ends
        for project_id in changed:
            project = portfolio.by_id[project_id]
            shown_on.update(project.dependencies)
            shown_on.update(dependant.id for dependant in portfolio.dependants[project_id])
            named.update(names_in(project, people.role_ids))
    person_pages = {paths.person_page(people.by_name[name].slug) for name in named}
    return (
        {paths.project_page(project_id) for project_id in shown_on}
        | person_pages
        | {paths.PEOPLE}
        | set(overview_pages(new))
    )


def overview_pages(portfolio: Portfolio) -> list[str]:
    """The generated pages that list or count projects (besides the views)."""
    return [
        paths.PORTFOLIO,
        paths.PROJECTS,
        paths.PROGRAMMES,
        *(paths.programme_page(programme.id) for programme in portfolio.settings.programmes),
    ]


def page_renderers(renderer: PageRenderer) -> dict[str, Callable[[], GeneratedPage]]:
    """Path → how to render that page, for every page :func:`pages_to_render_again` names."""
    portfolio = renderer.portfolio
    found: dict[str, Callable[[], GeneratedPage]] = {
        paths.PORTFOLIO: renderer.portfolio_index,
        paths.PROJECTS: renderer.projects_index,
        paths.PROGRAMMES: renderer.programmes_index,
    }
    for programme in portfolio.settings.programmes:
        found[paths.programme_page(programme.id)] = partial(renderer.programme, programme)
    for project in portfolio.projects:
        found[paths.project_page(project.id)] = partial(renderer.project, project)
    found[paths.PEOPLE] = renderer.people_index
    for person in renderer.people.everyone:
        found[paths.person_page(person.slug)] = partial(renderer.person, person)
    return found

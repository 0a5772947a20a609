#!/usr/bin/env python3
"""Writes pypi/*.json in the shape of PyPI's JSON API from the tables below.

HAND-WRITTEN, NOT RECORDED: PyPI was unreachable when this test data was made. The versions,
upload dates, requires_python and requires_dist come from the maintainers' published metadata as
remembered; digests are sha256 of the file name (not real), sizes are rough. `example-pkg` is
synthetic (yanked release, marker-gated dependency) and exists only for tests.

Run: python3 make-pypi.py   (from this folder; rewrites pypi/)
"""
import hashlib, json, os, shutil

def pkg(name, summary, home, urls, extras, releases):
    return dict(name=name, summary=summary, home_page=home, project_urls=urls, extras=extras, releases=releases)

def rel(version, date, requires_python, requires_dist, yanked=None):
    return dict(version=version, date=date, requires_python=requires_python, requires_dist=requires_dist, yanked=yanked)

DJANGO_EXTRAS = ['argon2-cffi>=19.1.0; extra == "argon2"', 'bcrypt; extra == "bcrypt"']
def django_deps(asgiref, sqlparse, zoneinfo=False):
    deps = [asgiref, sqlparse]
    if zoneinfo:
        deps.append('backports.zoneinfo; python_version < "3.9"')
    return deps + ['tzdata; sys_platform == "win32"'] + DJANGO_EXTRAS

CELERY_DEPS = [
    'billiard<5.0,>=4.2.0', 'kombu<6.0,>=5.3.4', 'vine<6.0,>=5.1.0', 'click<9.0,>=8.1.2',
    'click-didyoumean>=0.3.0', 'click-repl>=0.2.0', 'click-plugins>=1.1.1', 'tzdata>=2022.7',
    'python-dateutil>=2.8.2', 'backports.zoneinfo>=0.2.1; python_version < "3.9"',
    'redis!=4.5.5,<6.0.0,>=4.5.2; extra == "redis"', 'Django>=2.2.28; extra == "django"',
    'pytest-celery[all]>=1.0.0; extra == "pytest"',
]

PACKAGES = [
    pkg("Django", "A high-level Python web framework that encourages rapid development and clean, pragmatic design.",
        "https://www.djangoproject.com/",
        {"Documentation": "https://docs.djangoproject.com/", "Release notes": "https://docs.djangoproject.com/en/stable/releases/",
         "Funding": "https://www.djangoproject.com/fundraising/", "Source": "https://github.com/django/django",
         "Tracker": "https://code.djangoproject.com/"},
        ["argon2", "bcrypt"],
        [rel("4.2", "2023-04-03T08:36:16", ">=3.8", django_deps("asgiref<4,>=3.6.0", "sqlparse>=0.3.1", True)),
         rel("4.2.16", "2024-09-03T12:27:47", ">=3.8", django_deps("asgiref<4,>=3.6.0", "sqlparse>=0.3.1", True)),
         rel("5.0", "2023-12-04T13:12:41", ">=3.10", django_deps("asgiref<4,>=3.7.0", "sqlparse>=0.3.1")),
         rel("5.0.9", "2024-09-03T12:28:22", ">=3.10", django_deps("asgiref<4,>=3.7.0", "sqlparse>=0.3.1")),
         rel("5.1", "2024-08-07T14:02:54", ">=3.10", django_deps("asgiref<4,>=3.8.1", "sqlparse>=0.3.1")),
         rel("5.1.1", "2024-09-03T12:28:46", ">=3.10", django_deps("asgiref<4,>=3.8.1", "sqlparse>=0.3.1")),
         rel("5.1.4", "2024-12-04T15:23:06", ">=3.10", django_deps("asgiref<4,>=3.8.1", "sqlparse>=0.3.1")),
         rel("5.2a1", "2025-01-16T15:05:41", ">=3.10", django_deps("asgiref>=3.8.1", "sqlparse>=0.3.1")),
         rel("5.2", "2025-04-02T11:22:31", ">=3.10", django_deps("asgiref>=3.8.1", "sqlparse>=0.3.1")),
         rel("5.2.1", "2025-05-07T13:10:31", ">=3.10", django_deps("asgiref>=3.8.1", "sqlparse>=0.3.1")),
         rel("6.0", "2025-12-03T15:00:00", ">=3.12", django_deps("asgiref>=3.9.1", "sqlparse>=0.5.0"))]),
    pkg("djangorestframework", "Web APIs for Django, made easy.", "https://www.django-rest-framework.org/",
        {"Funding": "https://fund.django-rest-framework.org/topics/funding/", "Source": "https://github.com/encode/django-rest-framework",
         "Changelog": "https://www.django-rest-framework.org/community/release-notes/"},
        [],
        [rel("3.14.0", "2022-09-22T11:38:44", ">=3.6", ["django>=3.0", "pytz"]),
         rel("3.15.0", "2024-03-15T13:30:49", ">=3.8", ["django>=4.2", 'backports.zoneinfo; python_version < "3.9"']),
         rel("3.15.1", "2024-03-22T13:44:13", ">=3.8", ["django>=4.2", 'backports.zoneinfo; python_version < "3.9"']),
         rel("3.15.2", "2024-06-19T07:57:07", ">=3.8", ["django>=4.2", 'backports.zoneinfo; python_version < "3.9"']),
         rel("3.16.0", "2025-03-28T14:39:01", ">=3.9", ["django>=4.2"]),
         rel("3.16.1", "2025-08-06T10:22:12", ">=3.9", ["django>=4.2"])]),
    pkg("celery", "Distributed Task Queue.", "https://docs.celeryq.dev/",
        {"Documentation": "https://docs.celeryq.dev/en/stable/", "Changelog": "https://docs.celeryq.dev/en/stable/changelog.html",
         "Code": "https://github.com/celery/celery", "Tracker": "https://github.com/celery/celery/issues",
         "Funding": "https://opencollective.com/celery"},
        ["redis", "django", "pytest"],
        [rel("5.3.6", "2023-11-22T17:19:52", ">=3.8", CELERY_DEPS),
         rel("5.4.0", "2024-04-17T20:35:11", ">=3.8", CELERY_DEPS),
         rel("5.5.0", "2025-03-31T07:06:56", ">=3.8", CELERY_DEPS),
         rel("5.5.3", "2025-06-01T11:09:24", ">=3.8", CELERY_DEPS)]),
    pkg("django-filter", "Django-filter is a reusable Django application for allowing users to filter querysets dynamically.",
        None, {"Homepage": "https://github.com/carltongibson/django-filter/tree/main",
               "Documentation": "https://django-filter.readthedocs.io/en/main/",
               "Changelog": "https://github.com/carltongibson/django-filter/blob/main/CHANGES.rst",
               "Bug Tracker": "https://github.com/carltongibson/django-filter/issues",
               "Source Code": "https://github.com/carltongibson/django-filter"},
        [],
        [rel("23.5", "2023-12-05T10:30:45", ">=3.7", ["Django>=3.2"]),
         rel("24.1", "2024-03-07T11:13:41", ">=3.8", ["Django>=4.2"]),
         rel("24.2", "2024-03-27T08:21:54", ">=3.8", ["Django>=4.2"]),
         rel("24.3", "2024-08-02T09:12:49", ">=3.8", ["Django>=4.2"]),
         rel("25.1", "2025-02-14T16:10:11", ">=3.9", ["Django>=4.2"])]),
    pkg("django-cors-headers", "django-cors-headers is a Django application for handling the server headers required for Cross-Origin Resource Sharing (CORS).",
        None, {"Changelog": "https://github.com/adamchainz/django-cors-headers/blob/main/CHANGELOG.rst",
               "Funding": "https://adamj.eu/books/", "Repository": "https://github.com/adamchainz/django-cors-headers"},
        [],
        [rel("4.3.1", "2023-11-18T18:55:06", ">=3.8", ["asgiref>=3.6", "Django>=3.2"]),
         rel("4.4.0", "2024-06-22T08:51:31", ">=3.8", ["asgiref>=3.6", "Django>=3.2"]),
         rel("4.5.0", "2024-10-12T21:07:27", ">=3.9", ["asgiref>=3.6", "django>=4.2"]),
         rel("4.6.0", "2024-10-29T18:35:11", ">=3.9", ["asgiref>=3.6", "django>=4.2"]),
         rel("4.7.0", "2025-02-06T22:01:39", ">=3.9", ["asgiref>=3.6", "django>=4.2"])]),
    pkg("channels", "Brings async, event-driven capabilities to Django.", "https://github.com/django/channels",
        {"Documentation": "https://channels.readthedocs.io/", "Source": "https://github.com/django/channels",
         "Tracker": "https://github.com/django/channels/issues"},
        ["daphne", "tests"],
        [rel("4.0.0", "2022-10-15T16:10:43", ">=3.7", ["Django>=3.2", "asgiref<4,>=3.5.0", 'daphne>=4.0.0; extra == "daphne"']),
         rel("4.1.0", "2024-04-03T13:19:11", ">=3.8", ["Django>=4.2", "asgiref<4,>=3.6.0", 'daphne>=4.0.0; extra == "daphne"']),
         rel("4.2.0", "2024-11-15T13:44:03", ">=3.8", ["Django>=4.2", "asgiref<4,>=3.6.0", 'daphne>=4.0.0; extra == "daphne"']),
         rel("4.2.2", "2025-03-30T14:38:42", ">=3.8", ["asgiref<4,>=3.6.0", "Django>=4.2", 'daphne>=4.0.0; extra == "daphne"']),
         rel("4.3.0", "2025-07-28T09:02:17", ">=3.9", ["asgiref<4,>=3.9.0", "Django>=4.2", 'daphne>=4.0.0; extra == "daphne"'])]),
    # Synthetic: a yanked release and a dependency on django gated by a python_version marker.
    pkg("example-pkg", "SYNTHETIC test package (not on PyPI).", "https://example.invalid/example-pkg", None, ["fast"],
        [rel("1.0", "2024-01-10T10:00:00", ">=3.8", ["django>=4.2"], yanked="Broken wheel; use 1.1"),
         rel("1.1", "2024-02-10T10:00:00", ">=3.8", ["django>=4.2"]),
         rel("2.0", "2024-06-10T10:00:00", ">=3.9", ['django>=5.0; python_version >= "3.12"', "django>=4.2",
                                                      'django>=9.0; extra == "fast"'])]),
]

def files(p, r):
    yanked = r["yanked"] is not None
    out = []
    for kind, fname in (("bdist_wheel", f"{p['name'].replace('-', '_')}-{r['version']}-py3-none-any.whl"),
                        ("sdist", f"{p['name'].lower().replace('-', '_')}-{r['version']}.tar.gz")):
        sha = hashlib.sha256(fname.encode()).hexdigest()
        out.append({
            "comment_text": "", "digests": {"blake2b_256": sha, "md5": sha[:32], "sha256": sha}, "downloads": -1,
            "filename": fname, "has_sig": False, "md5_digest": sha[:32], "packagetype": kind,
            "python_version": "py3" if kind == "bdist_wheel" else "source", "requires_python": r["requires_python"],
            "size": 1000000 if kind == "bdist_wheel" else 900000, "upload_time": r["date"],
            "upload_time_iso_8601": r["date"] + ".000000Z",
            "url": f"https://files.pythonhosted.org/packages/00/00/{sha}/{fname}",
            "yanked": yanked, "yanked_reason": r["yanked"]})
    return out

def info(p, r):
    return {
        "author": None, "author_email": None, "bugtrack_url": None, "classifiers": [], "description": "",
        "description_content_type": "text/x-rst", "docs_url": None, "download_url": None,
        "downloads": {"last_day": -1, "last_month": -1, "last_week": -1}, "dynamic": None,
        "home_page": p["home_page"], "keywords": None, "license": None, "maintainer": None, "maintainer_email": None,
        "name": p["name"], "package_url": f"https://pypi.org/project/{p['name']}/", "platform": None,
        "project_url": f"https://pypi.org/project/{p['name']}/", "project_urls": p["project_urls"],
        "provides_extra": p["extras"] or None, "release_url": f"https://pypi.org/project/{p['name']}/{r['version']}/",
        "requires_dist": r["requires_dist"], "requires_python": r["requires_python"], "summary": p["summary"],
        "version": r["version"], "yanked": r["yanked"] is not None, "yanked_reason": r["yanked"]}

def normalize(name):
    import re
    return re.sub(r"[-_.]+", "-", name).lower()

shutil.rmtree("pypi", ignore_errors=True)
for serial, p in enumerate(PACKAGES, start=20000000):
    n = normalize(p["name"])
    os.makedirs(f"pypi/{n}", exist_ok=True)
    finals = [r for r in p["releases"] if not any(c in r["version"] for c in "abr") and r["yanked"] is None]
    latest = finals[-1]
    doc = {"info": info(p, latest), "last_serial": serial,
           "releases": {r["version"]: files(p, r) for r in p["releases"]}, "urls": files(p, latest), "vulnerabilities": []}
    with open(f"pypi/{n}.json", "w") as f:
        json.dump(doc, f, indent=1); f.write("\n")
    for r in p["releases"]:
        with open(f"pypi/{n}/{r['version']}.json", "w") as f:
            json.dump({"info": info(p, r), "last_serial": serial, "urls": files(p, r), "vulnerabilities": []}, f, indent=1); f.write("\n")

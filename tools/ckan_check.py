"""The open-data interfaces as harvesters use them: the ckanapi client (which POSTs JSON to
/api/action/...) and plain GETs of /api/3/action/..., and the DCAT catalogue read by rdflib.
Run with the portal's address: python ckan_check.py http://127.0.0.1:PORT
Exits non-zero with the failing check's message."""

import csv
import io
import sys

import ckanapi
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF

base = sys.argv[1].rstrip("/")
ckan = ckanapi.RemoteCKAN(base, user_agent="portal-tests/1.0")

names = ckan.action.package_list()
assert len(names) >= 8, names
assert names == sorted(names), "package_list is sorted by name"

for name in names:
    pkg = ckan.action.package_show(id=name)
    assert pkg["name"] == name and pkg["license_id"] == "OGDL-Taiwan-1.0", pkg
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    for field in ("主要欄位說明", "提供機關", "更新頻率", "計費方式", "上架日期", "詮釋資料更新時間",
                  "服務分類", "檔案格式", "編碼", "資料量", "資源更新時間"):
        assert field in extras, (name, field)
    formats = sorted(r["format"] for r in pkg["resources"])
    assert formats == ["CSV", "JSON", "ODS"], formats
    csv_url = next(r["url"] for r in pkg["resources"] if r["format"] == "CSV")
    response = requests.get(csv_url, timeout=10)
    assert response.status_code == 200, csv_url
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) - 1 == int(extras["資料量"]), (name, len(rows), extras["資料量"])
    json_url = next(r["url"] for r in pkg["resources"] if r["format"] == "JSON")
    data = requests.get(json_url, timeout=10).json()
    assert len(data) == len(rows) - 1 and set(data[0].keys()) == set(rows[0]), name

found = ckan.action.package_search(q="人口", fq="groups:plans", rows=1, start=0, sort="name asc")
assert found["count"] >= 1 and len(found["results"]) == 1, found["count"]
everything = ckan.action.package_search(rows=1000)
assert everything["count"] == len(names)
page_two = ckan.action.package_search(rows=3, start=3, sort="name asc")
assert [p["name"] for p in page_two["results"]] == names[3:6], page_two["results"]

groups = ckan.action.group_list()
assert len(groups) == 8 and "petitions" in groups, groups
assert ckan.action.group_show(id="plans")["package_count"] >= 5
orgs = ckan.action.organization_list(all_fields=True)
assert len(orgs) == 1 and orgs[0]["package_count"] == len(names), orgs
assert ckan.action.organization_show(id=orgs[0]["name"])["name"] == orgs[0]["name"]

try:
    ckan.action.package_show(id="no-such-dataset")
    raise AssertionError("package_show of an unknown dataset succeeded")
except ckanapi.NotFound:
    pass
try:
    ckan.action.package_search(sort="nonsense desc")
    raise AssertionError("a bad sort was accepted")
except ckanapi.ValidationError:
    pass

# Plain GETs on the other address, as browsers and some harvesters use.
r = requests.get(f"{base}/api/3/action/package_show", params={"id": names[0]}, timeout=10)
assert r.status_code == 200 and r.json()["success"] is True
r = requests.get(f"{base}/api/3/action/no_such_action", timeout=10)
assert r.status_code == 400 and r.json()["success"] is False
r = requests.get(f"{base}/api/3/action/package_show", timeout=10)
assert r.status_code == 409 and r.json()["error"]["__type"] == "Validation Error"

# DCAT: the catalogue in both syntaxes is the same graph, and lists every dataset.
ttl = rdflib.Graph().parse(data=requests.get(f"{base}/catalog.ttl", timeout=10).text, format="turtle")
jsonld = rdflib.Graph().parse(data=requests.get(f"{base}/catalog.jsonld", timeout=10).text, format="json-ld")
# The paging (hydra) names each syntax's own page; the rest must be the same graph.
HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
for graph, ext in ((ttl, "ttl"), (jsonld, "jsonld")):
    page = rdflib.URIRef(f"{base}/catalog.{ext}?page=1")
    assert (page, HYDRA.totalItems, None) in graph, ext
    graph.remove((page, None, None))
if not isomorphic(ttl, jsonld):
    from rdflib.compare import graph_diff, to_isomorphic
    _, only_ttl, only_ld = graph_diff(to_isomorphic(ttl), to_isomorphic(jsonld))
    raise AssertionError(f"Turtle and JSON-LD differ:\nonly in Turtle: {sorted(only_ttl)[:5]}\nonly in JSON-LD: {sorted(only_ld)[:5]}")
datasets = set(ttl.subjects(RDF.type, DCAT.Dataset))
assert len(datasets) == len(names), (len(datasets), len(names))
assert len(set(ttl.subjects(RDF.type, DCAT.Distribution))) == 3 * len(names)
for name in names:
    one = rdflib.Graph().parse(data=requests.get(f"{base}/opendata/{name}.ttl", timeout=10).text, format="turtle")
    one_ld = rdflib.Graph().parse(data=requests.get(f"{base}/opendata/{name}.jsonld", timeout=10).text, format="json-ld")
    assert isomorphic(one, one_ld), name
    subject = rdflib.URIRef(f"{base}/opendata/{name}")
    assert (subject, RDF.type, DCAT.Dataset) in one, name
    assert any(one.objects(subject, DCTERMS.title)), name

print(f"ok: {len(names)} datasets through ckanapi, requests and rdflib")

import pytest

from bilgiislem.core.api.pagination import MAX_OFFSET

URL = "/api/v1/organization/units/"


@pytest.fixture
def director_api(org, make_user, api_client):
    api_client.force_authenticate(make_user("director"))
    return api_client


def test_page_size_within_bounds_is_honoured(director_api):
    response = director_api.get(URL, {"page_size": 2})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 2


@pytest.mark.parametrize("size", ["0", "-3", "abc", "201"])
def test_malformed_or_oversized_page_size_is_rejected(director_api, size):
    response = director_api.get(URL, {"page_size": size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_page_past_the_offset_limit_is_rejected(director_api):
    deep_page = MAX_OFFSET // 50 + 1
    response = director_api.get(URL, {"page": deep_page})
    assert response.status_code == 400
    assert "page" in response.json()
    assert director_api.get(URL, {"page": deep_page - 1}).status_code == 404  # allowed depth, just empty

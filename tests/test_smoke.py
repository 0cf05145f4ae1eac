import pytest
def test_smoke(client): 
    assert client.get("/").status_code == 302

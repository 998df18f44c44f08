"""The egress classifier on literal addresses and names (pure: nothing is resolved or connected)."""

from __future__ import annotations

import pytest

from service.core.egress import EgressPolicy, blocked_reason


@pytest.mark.parametrize(
    "address",
    [
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack metadata
        "169.254.170.2",  # ECS task credentials
        "169.254.0.1",
        "fe80::1",
        "fd00:ec2::254",  # AWS metadata over IPv6
        "::ffff:169.254.169.254",  # IPv4-mapped
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "100.100.100.200",  # Alibaba metadata
        "0.0.0.0",
        "::",
    ],
)
def test_link_local_and_metadata_addresses_are_refused(address):
    assert blocked_reason(address)
    assert EgressPolicy().host_refusal(address)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "::1", "10.0.0.8", "172.16.4.4", "192.168.1.20", "fd12:3456::1", "8.8.8.8", "2001:db8::1"],
)
def test_loopback_private_and_public_addresses_are_allowed(address):
    assert blocked_reason(address) == ""
    assert EgressPolicy().host_refusal(address) == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/v1",
        "http://metadata.google.internal/computeMetadata/v1",
        "https://METADATA.google.internal./v1",
        "http://[fe80::1%25eth0]:8000/v1",
    ],
)
def test_urls_naming_metadata_hosts_are_refused(url):
    assert EgressPolicy().url_refusal(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/v1", "http://localhost:8080/v1", "https://api.openai.com/v1", "http://10.1.2.3/v1"]
)
def test_ordinary_urls_pass(url):
    assert EgressPolicy().url_refusal(url) == ""


def test_deliberate_exceptions_by_range_address_or_name():
    policy = EgressPolicy.from_setting("169.254.10.0/24, metadata.google.internal,fe80::5")
    assert policy.url_refusal("http://169.254.10.7/v1") == ""
    assert policy.url_refusal("http://169.254.169.254/v1")
    assert policy.url_refusal("http://metadata.google.internal/v1") == ""
    assert policy.url_refusal("http://[fe80::5]/v1") == ""
    assert policy.address_refusal("metadata.google.internal", "169.254.169.254") == ""
    assert policy.address_refusal("llm.example", "169.254.169.254")


def test_a_name_resolving_to_a_metadata_address_is_refused():
    why = EgressPolicy().address_refusal("llm.example", "169.254.169.254")
    assert "llm.example" in why and "169.254.169.254" in why
    assert EgressPolicy().address_refusal("llm.example", "10.0.0.3") == ""

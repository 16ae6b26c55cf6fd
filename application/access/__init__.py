"""One authorisation service: may this person do this to that resource (``service.Authorisation``),
decided by one rule (``rules.decide_on``) from what the read models hold of the resource."""

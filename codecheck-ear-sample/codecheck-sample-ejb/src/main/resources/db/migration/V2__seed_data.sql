-- A few rows so that the sample has something to show on first start.

INSERT INTO jurisdiction (id, name, type) VALUES
    ('us',                'United States', 'country'),
    ('us-ca',             'California',    'state'),
    ('us-ca-los-angeles', 'Los Angeles',   'city'),
    ('us-tx-travis',      'Travis County', 'county');

INSERT INTO code_adoption (jurisdiction_id, code_family, edition, effective_from) VALUES
    ('us-ca',             'IBC', '2021', DATE '2023-01-01'),
    ('us-ca',             'IRC', '2021', DATE '2023-01-01'),
    ('us-ca-los-angeles', 'IBC', '2021', DATE '2023-01-01'),
    ('us-ca-los-angeles', 'IFC', '2021', DATE '2023-07-01'),
    ('us-tx-travis',      'IRC', '2018', DATE '2020-02-01');

INSERT INTO rule (id, code_family, section_ref, title) VALUES
    ('ibc-1005',  'IBC', 'Section 1005', 'Means of egress sizing'),
    ('ibc-1011',  'IBC', 'Section 1011', 'Stairways'),
    ('ibc-1012',  'IBC', 'Section 1012', 'Ramps'),
    ('irc-r311',  'IRC', 'Section R311', 'Means of egress'),
    ('ifc-906',   'IFC', 'Section 906',  'Portable fire extinguishers');

INSERT INTO audit_log (action, detail) VALUES ('schema.seeded', 'V2 seed data');

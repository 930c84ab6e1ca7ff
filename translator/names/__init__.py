"""Names the glossary does not know yet: find them, propose spellings, keep them consistent."""

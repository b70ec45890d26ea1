"""The bundled example specs, installed as package data so ``toolc demo`` finds them outside a checkout."""

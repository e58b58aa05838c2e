"""Informant privacy: the identity map, detectors of identifying text, redaction of quoted turns and
the guard over outputs.
"""

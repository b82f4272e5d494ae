import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// Palettes whose working shades (4-9) keep WCAG AA contrast (>= 4.5:1) with white text and on white or light tints.
const brand: MantineColorsTuple = ['#e6f4f1', '#c2e4dc', '#9bd3c6', '#6fc0ae', '#1d6f5f', '#1a6a5a', '#17695a', '#136353', '#0d5345', '#083d33'];
const amber: MantineColorsTuple = ['#fff8e1', '#ffecb3', '#ffe082', '#ffd54f', '#8a5a00', '#7a4f00', '#6b4400', '#6b4400', '#4d3100', '#3d2700'];
const danger: MantineColorsTuple = ['#ffebee', '#ffcdd2', '#ef9a9a', '#e57373', '#b3261e', '#a8221b', '#9c1f19', '#8c1c16', '#7a1813', '#5f120f'];

/** System fonts only (nothing from a CDN). */
export const theme = createTheme({
  colors: { brand, amber, danger },
  primaryColor: 'brand',
  primaryShade: 7,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'sm',
});

/** Dimmed text (descriptions, captions) and placeholders dark enough for WCAG AA on white. */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#495057', '--mantine-color-placeholder': '#5c636a', '--mantine-color-error': '#b3261e' },
  dark: {},
});

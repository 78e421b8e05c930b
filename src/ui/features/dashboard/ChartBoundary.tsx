// Keeps a chart's failure (its chunk did not load offline, a canvas the browser refused) inside the
// chart's place: the figures and tables around it stay, and the screen says the chart is missing.
import { Component, type ReactNode } from 'react';

type Props = { readonly fallback: ReactNode; readonly children: ReactNode };

export class ChartBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: unknown) {
    console.warn('chart not drawn', error instanceof Error ? error.name : 'error');
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

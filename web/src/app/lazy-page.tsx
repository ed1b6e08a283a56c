/**
 * A component whose code is its own chunk, loaded when it is first shown (or earlier, by `preload`). Unlike React.lazy
 * it does not suspend: a component whose code is already here renders at once, and one still loading shows its
 * placeholder until its code arrives, as an ordinary update — React holds back content that replaces a Suspense
 * fallback for up to 300 ms after the fallback appeared, which would be most of the time a report page takes to open.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Loading } from '../components/Loading.js';

export type LazyComponent<P extends object> = ComponentType<P> & {
  /** Start loading the code (once; again after a failure). */
  preload(): Promise<ComponentType<P>>;
};

/** `placeholder(failed)`: what shows while the code loads, and after it could not be loaded. */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: (failed: boolean) => ReactNode,
): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  function Lazy(props: P) {
    // the component is decided once the code is here, and a shown one keeps it
    const [Component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      let live = true;
      preload().then(
        (component) => {
          if (live) setComponent(() => component);
        },
        () => {
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [Component]);
    return Component ? <Component {...props} /> : placeholder(failed);
  }
  return Object.assign(Lazy, { preload });
}

/** A page of the app: the spinner while its code loads, a message when it could not be loaded. */
export const lazyPage = <P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> =>
  lazyComponent(load, (failed) => (failed ? <ErrorAlert message="Không tải được trang này. Hãy kiểm tra mạng rồi tải lại trang." /> : <Loading />));
